// Writes the seed corpora of the fuzz targets (tests/fuzz/corpus/<name>/) with the
// project's own writers: small, valid inputs from which the fuzzers start. Inputs whose
// harness takes an option byte start with it. Run from the fuzz build:
//   build-fuzz/fuzz/fuzz_seed_writer tests/fuzz/corpus
// (the sentencepiece models come from write_sentencepiece_seeds.py).
#include "core/io/safetensors.h"
#include "core/tokenizer/bpe_trainer.h"
#include "core/train/adamw.h"
#include "core/train/checkpoint.h"
#include "core/util/error.h"

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <sstream>
#include <unistd.h>

namespace fs = std::filesystem;

namespace {

const std::string kPartSeparator = "\n--8<--\n";

fs::path gCorpus;

void writeSeed(const std::string& target, const std::string& name, const std::string& bytes)
{
    const fs::path path = gCorpus / target / name;
    fs::create_directories(path.parent_path());
    std::ofstream(path, std::ios::binary | std::ios::trunc) << bytes;
    std::cout << path.string() << " (" << bytes.size() << " bytes)\n";
}

std::string readBytes(const fs::path& path)
{
    std::ifstream in(path, std::ios::binary);
    std::ostringstream out;
    out << in.rdbuf();
    return out.str();
}

std::string withOption(unsigned char option, const std::string& bytes)
{
    return std::string(1, static_cast<char>(option)) + bytes;
}

void safetensorsSeeds(const fs::path& work)
{
    const fs::path path = work / "seed.safetensors";
    lw::io::writeSafetensors(path.string(),
                             {{"weight", torch::arange(6, torch::kFloat).reshape({2, 3})},
                              {"ids", torch::arange(4, torch::kLong)},
                              {"half", torch::ones({3}, torch::kBFloat16)},
                              {"mask", torch::tensor({true, false})},
                              {"empty", torch::zeros({0, 2}, torch::kByte)},
                              {"scalar", torch::tensor(2.5, torch::kDouble)}},
                             {{"format", "seed"}, {"note", "tensors of every kind of shape"}}, "checksum");
    writeSeed("safetensors", "mixed.safetensors", readBytes(path));
    lw::io::writeSafetensors(path.string(), {{"w", torch::full({2, 2}, 0.5, torch::kHalf)}}, {});
    writeSeed("safetensors", "plain.safetensors", readBytes(path));
}

// GGUF seeds are the fixtures that llama.cpp's gguf-py wrote (tests/core/gguf/fixtures),
// found from the corpus folder this program is given (tests/fuzz/corpus).
void ggufSeeds()
{
    const fs::path fixtures = gCorpus / ".." / ".." / "core" / "gguf" / "fixtures";
    for (const char* name : {"metadata.gguf", "tensors.gguf"}) {
        const std::string bytes = readBytes(fixtures / name);
        if (bytes.empty())
            throw lw::Error::inFile((fixtures / name).string(), "missing or empty");
        writeSeed("gguf", name, bytes);
    }
}

void checkpointSeed(const fs::path& work, lw::model::Family family, bool withOptimizer, unsigned char option,
                    const std::string& name)
{
    lw::model::ModelConfig config;
    config.family = family;
    config.vocab_size = 32;
    config.context_length = 8;
    config.n_layer = 1;
    config.n_head = 2;
    config.d_model = 8;
    if (family == lw::model::Family::Llama) {
        config.bias = false;
        config.tie_embeddings = false;
        config.n_kv_head = 1;
    }
    torch::manual_seed(1);
    lw::model::Transformer model(config);
    lw::train::FusedAdamW optimizer(lw::train::AdamWOptions{});
    for (const auto& p : model->named_parameters())
        optimizer.addParameter(p.key(), p.value(), p.value().dim() >= 2);
    lw::train::TrainerState state;
    state.step = 3;
    state.tokensSeen = 96;
    state.bestValLoss = 3.25;
    state.bestStep = 2;
    const fs::path path = work / "seed.ckpt";
    lw::train::saveCheckpoint(path.string(), model, withOptimizer ? &optimizer : nullptr,
                              {{"learning_rate", 0.001}, {"batch_size", 2}}, state, "tokenizers/seed");
    writeSeed("checkpoint", name, withOption(option, readBytes(path)));
}

void bpeSeed(const fs::path& work)
{
    const std::string text = "The theory of the thing: then there were three. Then the end.\n"
                             "Thé cafés, 123 456, naïve — ok?  Tabs\tand\r\nnew lines.\n";
    std::ofstream(work / "bpe.txt", std::ios::binary) << text;
    lw::tokenizer::TrainTokenizerOptions options;
    options.vocabSize = 256 + 24;
    options.inputFiles = {(work / "bpe.txt").string()};
    options.outputPath = (work / "bpe").string();
    lw::tokenizer::trainByteLevelBpe(options, {});
    const std::string sample = "Then the theory<|endoftext|> of thé\xff\xfe end.\n\n  123";
    writeSeed("bpe_files", "trained.bpe",
              readBytes(work / "bpe" / "vocab.json") + kPartSeparator + readBytes(work / "bpe" / "merges.txt") +
                  kPartSeparator + sample);
}

void textSeeds()
{
    const std::string paragraphs = "First line of a story.\nIts second line.\n\n  \n"
                                   "A new paragraph, with \xc3\xa9 and \xe2\x82\xac.\r\nEnd without a newline";
    writeSeed("text_source", "paragraphs.txt", withOption(3 << 1, paragraphs));
    writeSeed("text_source", "bom.txt", withOption(7 << 1, "\xEF\xBB\xBFword\nWord word word word\n\nLast"));
    writeSeed("text_source", "utf16le.txt", withOption(2 << 1, std::string("\xFF\xFEh\0i\0\n\0", 8)));
    writeSeed("text_source", "records.jsonl",
              withOption(1, "{\"text\": \"one document\\nwith two lines\"}\n\n{\"text\": \"\\u00e9t\\u00e9\", \"id\": 2}\r\n"
                            "{\"text\": \"last\"}"));
}

void requestSeeds()
{
    writeSeed("openai_request", "completion.json",
              withOption(0, R"({"model": "demo", "prompt": "Once upon a time", "max_tokens": 16, "temperature": 0.7,)"
                            R"( "top_p": 0.9, "top_k": 40, "stop": ["\n", "The end"], "seed": 7, "stream": true,)"
                            R"( "stream_options": {"include_usage": true}, "logprobs": 2, "echo": false})"));
    writeSeed("openai_request", "token_prompt.json",
              withOption(0, R"({"prompt": [[15496, 11, 995]], "max_tokens": 4, "presence_penalty": 0.5,)"
                            R"( "frequency_penalty": -0.5, "repetition_penalty": 1.1, "n": 1, "best_of": 1})"));
    writeSeed("openai_request", "chat.json",
              withOption(1, R"({"model": "demo", "messages": [{"role": "system", "content": "Be brief."},)"
                            R"( {"role": "user", "content": [{"type": "text", "text": "Hi"}, {"type": "text", "text": "there"}]},)"
                            R"( {"role": "assistant", "content": null, "name": "bot"}, {"role": "developer", "content": "x"}],)"
                            R"( "max_completion_tokens": 32, "logprobs": true, "top_logprobs": 3, "min_p": 0.05,)"
                            R"( "response_format": {"type": "text"}, "user": "u1", "tools": []})"));
}

void eventSeeds()
{
    writeSeed("control_channel", "commands.jsonl",
              withOption(5, "{\"command\": \"pause\"}\n{\"command\":\"resume\"}\r\nnot json\n{\"command\": 3}\n"
                            "[\"command\"]\n{\"command\": \"cancel\", \"why\": \"user\"}\n{\"comm"));
    writeSeed("worker_events", "training.jsonl",
              withOption(9, R"({"event": "run_started", "run_id": 4, "run_dir": "runs/4-first", "name": "first", "config": {"max_steps": 10}, "parameters": 1234})"
                            "\n"
                            R"({"event": "step", "step": 1, "max_steps": 10, "loss": 4.5, "lr": 0.0006, "grad_norm": 1.5, "tokens_per_s": 900.5, "tokens_seen": 512, "epoch": 0.1, "elapsed_s": 2.5, "eta_s": 3725})"
                            "\r\n"
                            R"({"event": "eval", "step": 5, "val_loss": 3.9, "best_val_loss": 3.9, "best_step": 5, "improved": true})"
                            "\n"
                            R"({"event": "sample", "step": 5, "prompt": "Once", "text": "Once upon"})"
                            "\n"
                            R"({"event": "checkpoint", "kind": "best", "step": 5, "path": "runs/4-first/best.safetensors", "bytes": 40960})"
                            "\n\n"
                            R"({"event": "progress", "stage": "tokenizing", "fraction": 0.5, "eta_s": 61, "message": "half"})"
                            "\n"
                            R"({"event": "finished", "status": "completed", "step": 10, "message": "done", "last_checkpoint": "a", "best_checkpoint": "b", "best_val_loss": 3.5})"
                            "\n"
                            R"({"event": "log", "level": "info", "message": "no newline at the end"})"));
}

} // namespace

int main(int argc, char** argv)
{
    if (argc != 2) {
        std::cerr << "usage: fuzz_seed_writer <corpus folder>\n";
        return 2;
    }
    gCorpus = argv[1];
    const fs::path work = fs::temp_directory_path() / ("lw-fuzz-seeds-" + std::to_string(::getpid()));
    fs::create_directories(work);
    try {
        safetensorsSeeds(work);
        ggufSeeds();
        checkpointSeed(work, lw::model::Family::Gpt2, true, 0x05, "gpt2_with_optimizer.ckpt");
        checkpointSeed(work, lw::model::Family::Llama, false, 0x03, "llama_for_inference.ckpt");
        bpeSeed(work);
        textSeeds();
        requestSeeds();
        eventSeeds();
    } catch (const std::exception& e) {
        std::cerr << "fuzz_seed_writer: " << e.what() << "\n";
        fs::remove_all(work);
        return 1;
    }
    fs::remove_all(work);
    return 0;
}
