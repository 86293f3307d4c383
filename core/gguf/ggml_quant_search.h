#pragma once
// The scale searches of ggml's K-quant and importance-weighted quantizers (ggml-quants.c:
// nearest_int, make_qx_quants, make_qkx2_quants / make_qkx3_quants, make_qp_quants).
// Every float operation happens in the order ggml's C code writes it, and the library is
// built with -ffp-contract=off, so the chosen levels and scales are the same floats as
// ggml's on x86-64 (whose ggml-base is built without FMA).
//
// Internal to lw_gguf; the public entry points are quantize() and quantizeWeighted().
#include <cstdint>
#include <cstring>

namespace lw::gguf::detail {

// Blocks whose largest magnitude is below this quantize to zero (GROUP_MAX_EPS).
constexpr float kGroupMaxEps = 1e-15f;

// Round to nearest, ties to even, by adding 1.5 * 2^23 and reading the low mantissa
// bits; exact for |v| <= 2^22 - 1. Outside that range (and for NaN) the result is
// whatever those bits say, as in ggml, rather than undefined behaviour.
inline int nearestInt(float v)
{
    const float shifted = v + 12582912.f;
    int32_t bits;
    std::memcpy(&bits, &shifted, sizeof bits);
    return (bits & 0x007fffff) - 0x00400000;
}

// ggml's MAX/MIN macros, whose results with a NaN operand depend on the argument order.
inline float macroMax(float a, float b)
{
    return a > b ? a : b;
}

// Symmetric levels in [0, 2*nmax) for n values: (L[i] - nmax) times the returned scale
// approximates x[i]; the scale is picked among 19 candidates by weighted least squares
// with weights qw, or x^2 where qw is null (make_qx_quants with rmse_type 1, the only
// kind the quantizers we mirror use).
float makeQxQuants(int n, int nmax, const float* x, int8_t* L, const float* qw);

// Asymmetric levels in [0, nmax]: x[i] ~ scale * L[i] - theMin, with scale and min
// fitted by weighted least squares over nstep + 1 trial inverse scales
// (rmin + rdelta*is + nmax) / (max - min) (make_qkx2_quants and make_qkx3_quants, which
// agree whenever weights are given). Laux is scratch space of n levels.
float makeQkxQuants(int n, int nmax, const float* x, const float* weights, uint8_t* L, float* theMin,
                    uint8_t* Laux, float rmin, float rdelta, int nstep);

// makeQkxQuants on the eight sub-blocks of 32 values of a K-quant super-block at once
// (x, weights and L hold 256 values, scales and theMins 8), with the same results; nstep
// must be at least 1.
void makeQkxQuants8(int nmax, const float* x, const float* weights, uint8_t* L, float* scales, float* theMins,
                    float rmin, float rdelta, int nstep);

// makeQxQuants on eight sub-blocks of 16 values at once (x, L and qw hold 128 values,
// scales 8), with the same results.
void makeQxQuants8(int nmax, const float* x, int8_t* L, const float* qw, float* scales);

// Non-negative levels in [0, nmax] for the n sub-block scales or mins x with weights qw:
// a scale searched over 9 candidates and then refined level by level (make_qp_quants).
float makeQpQuants(int n, int nmax, const float* x, uint8_t* L, const float* qw);

} // namespace lw::gguf::detail
