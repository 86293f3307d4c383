# Sourced by the model benchmarks (bench_model_import.sh, bench_model_export.sh): the
# shared set-up. make_big_hf_model FOLDER LAYERS writes a Llama-shaped Hugging Face
# model, 2048 wide, bf16: about 90 MB per layer, 1.2 GB with 13 layers (the vocabulary
# is the 688 tokens of the sentencepiece-style tokenizer fixture it carries), written by
# tests/core/hf/hf_reference.py, then synced so the timings start from a clean disk.
bench_dir=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)

make_big_hf_model() {
    local folder=$1 layers=$2
    local spec
    spec=$(mktemp /tmp/lw-bench-model-spec.XXXXXX.json)
    cat > "$spec" <<SPEC
{"family": "llama", "dtype": "BF16", "shards": 2, "seed": 1,
 "config": {"vocab_size": 688, "max_position_embeddings": 2048, "num_hidden_layers": $layers,
            "num_attention_heads": 16, "num_key_value_heads": 4, "hidden_size": 2048,
            "intermediate_size": 5632, "rope_theta": 10000.0, "tie_word_embeddings": false}}
SPEC
    /usr/bin/python3 "$bench_dir/../tests/core/hf/hf_reference.py" make "$spec" "$folder"
    rm -f "$spec"
    cp "$bench_dir/../tests/core/tokenizer/fixtures/hf/llama2.json" "$folder/tokenizer.json"
    sync
}

# Drops FILES' pages from the page cache (clean pages only, no root needed), so the next
# read comes from the disk: the "cold" rows.
drop_from_page_cache() {
    /usr/bin/python3 - "$@" <<'PY'
import os, sys
for path in filter(os.path.exists, sys.argv[1:]):
    fd = os.open(path, os.O_RDONLY)
    os.posix_fadvise(fd, 0, 0, os.POSIX_FADV_DONTNEED)
    os.close(fd)
PY
}
