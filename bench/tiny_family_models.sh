# Sourced by the checks against other tools: write_tiny_family_model FAMILY OUT writes a
# tiny random Hugging Face folder of FAMILY (llama: grouped-query attention and an untied
# head; qwen2: q/k/v biases and a tied embedding; gpt2) with tests/core/hf/hf_reference.py
# and the family's tokenizer fixture. Needs $here (the bench folder) and $work.
write_tiny_family_model() {
  local family=$1 out=$2 tok cfg
  case $family in
    llama) tok=llama3.json; cfg='{"vocab_size": 561, "max_position_embeddings": 64, "num_hidden_layers": 2, "num_attention_heads": 4, "num_key_value_heads": 2, "hidden_size": 64, "intermediate_size": 96, "rope_theta": 500000.0, "tie_word_embeddings": false}' ;;
    qwen2) tok=qwen2.json; cfg='{"vocab_size": 559, "max_position_embeddings": 64, "num_hidden_layers": 2, "num_attention_heads": 4, "num_key_value_heads": 2, "hidden_size": 64, "intermediate_size": 96, "rope_theta": 1000000.0, "tie_word_embeddings": true}' ;;
    gpt2) tok=gpt2.json; cfg='{"vocab_size": 557, "n_positions": 64, "n_layer": 2, "n_head": 4, "n_embd": 64}' ;;
    *) echo "unknown family $family" >&2; return 2 ;;
  esac
  echo "{\"family\": \"$family\", \"dtype\": \"F32\", \"seed\": 6, \"config\": $cfg}" > "$work/$family-spec.json"
  /usr/bin/python3 "$here/../tests/core/hf/hf_reference.py" make "$work/$family-spec.json" "$out"
  cp "$here/../tests/core/tokenizer/fixtures/hf/$tok" "$out/tokenizer.json"
}
