# Sourced by the compare_*.sh scripts: both programs of a comparison get the same
# OpenBLAS kernels. llmwb picks them itself (it re-executes with OPENBLAS_CORETYPE set);
# the Python peer would not.
if [[ -z "${OPENBLAS_CORETYPE:-}" ]]; then
    flags="$(grep -m1 '^flags' /proc/cpuinfo)"
    if [[ "$flags" == *avx512f* && "$flags" == *avx512bw* && "$flags" == *avx512vl* ]]; then
        export OPENBLAS_CORETYPE=SkylakeX
    elif [[ "$flags" == *avx2* && "$flags" == *fma* ]]; then
        export OPENBLAS_CORETYPE=Haswell
    fi
fi
