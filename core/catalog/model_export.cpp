#include "core/catalog/model_export.h"

#include "core/catalog/file_copy.h"
#include "core/catalog/model_loader.h"
#include "core/gguf/gguf_file.h"
#include "core/gguf/gguf_writer.h"
#include "core/gguf_model/gguf_model.h"
#include "core/gguf_model/gguf_stored_matrix.h"
#include "core/hf/hf_model.h"
#include "core/tokenizer/bpe_files.h"
#include "core/tokenizer/byte_level_bpe_tokenizer.h"
#include "core/tokenizer/hf_tokenizer.h"
#include "core/util/error.h"
#include "core/util/json_io.h"

#include <filesystem>

namespace lw::catalog {

namespace fs = std::filesystem;

namespace {

// Files of a Hugging Face folder that describe its tokenizer and generation defaults.
const char* const kTokenizerFiles[] = {"tokenizer.json", "tokenizer_config.json", "special_tokens_map.json",
                                       "tokenizer.model", "vocab.json", "merges.txt",
                                       "generation_config.json", "chat_template.jinja", "added_tokens.json"};

std::string tokenText(const tokenizer::Tokenizer& t, std::optional<int32_t> id)
{
    return id ? t.tokenBytes(*id) : std::string();
}

// The tokenizer of a model trained here, in the layouts transformers reads.
void writeOwnTokenizer(const LoadedModel& loaded, const std::string& folder, std::vector<std::string>& notes)
{
    const tokenizer::Tokenizer& t = *loaded.tokenizer;
    nlohmann::json config = {{"model_max_length", configOf(loaded).context_length},
                             {"clean_up_tokenization_spaces", false}};
    const std::string eos = tokenText(t, t.eosId());
    if (!eos.empty()) {
        config["eos_token"] = eos;
        config["bos_token"] = eos;
        config["unk_token"] = eos;
    }
    const fs::path dir(folder);
    if (const auto* bpe = dynamic_cast<const tokenizer::ByteLevelBpeTokenizer*>(&t)) {
        auto [vocab, merges] = tokenizer::findBpeFiles(loaded.tokenizerPath);
        fs::copy_file(vocab, dir / "vocab.json");
        fs::copy_file(merges, dir / "merges.txt");
        tokenizer::writeTokenizerJson(*bpe, (dir / "tokenizer.json").string());
        config["tokenizer_class"] = "GPT2Tokenizer";
        config["add_prefix_space"] = false;
    } else if (t.kind() == "sentencepiece") {
        const fs::path source = fs::is_directory(loaded.tokenizerPath) ? fs::path(loaded.tokenizerPath) / "tokenizer.model"
                                                                       : fs::path(loaded.tokenizerPath);
        fs::copy_file(source, dir / "tokenizer.model");
        config["tokenizer_class"] = "LlamaTokenizer";
        config["add_bos_token"] = false;
        config["legacy"] = false;
        notes.push_back("sentencepiece tokenizer exported as tokenizer.model only (no tokenizer.json)");
    } else {
        throw Error("cannot export a tokenizer of kind '" + t.kind() + "'");
    }
    util::writeJsonFileAtomic((dir / "tokenizer_config.json").string(), config);
}

// The model to export; a Hugging Face folder's or a checkpoint's tensors are read from
// its map one at a time as they are written (the bytes equal those of a float32 model
// built first).
LoadedModel loadForExport(const ModelLocation& location)
{
    LoadOptions options;
    options.weightsOnDemand = true;
    return loadModel(location, torch::kCPU, options);
}

gguf::GgmlType ggufTypeOf(const std::string& name)
{
    static const std::pair<const char*, gguf::GgmlType> types[] = {
        {"f32", gguf::GgmlType::F32},   {"f16", gguf::GgmlType::F16},   {"bf16", gguf::GgmlType::BF16},
        {"q8_0", gguf::GgmlType::Q8_0}, {"q4_0", gguf::GgmlType::Q4_0}, {"q4_1", gguf::GgmlType::Q4_1},
        {"q5_0", gguf::GgmlType::Q5_0}, {"q5_1", gguf::GgmlType::Q5_1}};
    for (const auto& [text, type] : types)
        if (name == text)
            return type;
    throw Error::inField("dtype", "'" + name + "' is not a GGUF type we write (f32, f16, bf16, q8_0, q4_0, q4_1, "
                                               "q5_0, q5_1)");
}

// A quantized GGUF file written again with its keys and tensor bytes as they are (the
// blocks are not quantized a second time). int8 and NF4 are our own layouts, which
// llama.cpp cannot read.
ExportResult copyQuantizedGguf(const ModelLocation& location, const std::string& output)
{
    gguf::GgufFile file(location.path);
    const std::string method = gguf_model::extensionMethod(file);
    if (!method.empty())
        throw Error::inFile(location.path, "is quantized as " + method +
                                               ", a layout of this workbench that llama.cpp cannot load; quantize "
                                               "the original model with a GGUF type instead (llmwb quantize --method "
                                               "q8_0, q4_k_m, ...)");
    gguf::GgufWriter::copyOf(file).write(output);
    ExportResult result;
    result.path = output;
    result.files = {fs::path(output).filename().string()};
    result.bytes = fs::file_size(output);
    result.notes.push_back("the quantized blocks were copied unchanged");
    return result;
}

ExportResult exportGguf(const ModelLocation& location, const ExportOptions& options, const ExportProgress& progress)
{
    const std::string output = fs::absolute(options.output).lexically_normal().string();
    std::error_code ec;
    if (fs::exists(output, ec))
        throw Error::inFile(output, "already exists");
    if (options.dtype == "auto" && location.format == ModelFormat::Gguf &&
        (gguf_model::GgufStoredMatrices::open(location.path) ||
         !gguf_model::extensionMethod(gguf::GgufFile(location.path)).empty()))
        return copyQuantizedGguf(location, output);
    const gguf::GgmlType type = ggufTypeOf(options.dtype == "auto" ? "f32" : options.dtype);
    if (progress && !progress(0.0, "loading"))
        throw Error("cancelled");
    LoadedModel loaded = loadForExport(location);
    const std::string chatTemplate = loaded.chatTemplate && loaded.chatTemplate->isJinja() ? loaded.chatTemplate->jinja
                                                                                           : std::string();
    gguf_model::writeGgufModel(
        parametersOf(loaded), *loaded.tokenizer, chatTemplate, output, type,
        [&](int64_t done, int64_t total) {
            return !progress || progress(0.1 + 0.9 * double(done) / double(std::max<int64_t>(total, 1)), "writing");
        },
        fs::path(output).stem().string());
    ExportResult result;
    result.path = output;
    result.files = {fs::path(output).filename().string()};
    result.bytes = fs::file_size(output);
    if (!chatTemplate.empty() || !loaded.chatTemplate)
        return result;
    result.notes.push_back("the model's chat template is not a Jinja template and was left out");
    return result;
}

} // namespace

void writeHfFolder(LoadedModel& loaded, const std::string& folder, torch::ScalarType dtype,
                   std::vector<std::string>& notes)
{
    const tokenizer::Tokenizer& t = *loaded.tokenizer;
    int64_t bos = -1, eos = t.eosId() ? *t.eosId() : -1;
    if (const auto* hf = dynamic_cast<const tokenizer::HfTokenizer*>(&t); hf && hf->bosId())
        bos = *hf->bosId();
    hf::writeHfWeights(parametersOf(loaded), folder, dtype, bos, eos);
    if (loaded.location.format == ModelFormat::HfFolder) {
        for (const char* name : kTokenizerFiles) {
            const fs::path source = fs::path(loaded.location.path) / name;
            if (fs::is_regular_file(source))
                fs::copy_file(source, fs::path(folder) / name);
        }
    } else {
        writeOwnTokenizer(loaded, folder, notes);
    }
    const fs::path generation = fs::path(folder) / "generation_config.json";
    if (!fs::exists(generation)) {
        nlohmann::json g = {{"_from_model_config", true}};
        if (bos >= 0)
            g["bos_token_id"] = bos;
        if (eos >= 0)
            g["eos_token_id"] = eos;
        util::writeJsonFileAtomic(generation.string(), g);
    }
}

ExportResult exportModel(const ModelLocation& location, const ExportOptions& options, const ExportProgress& progress)
{
    if (options.format != "hf" && options.format != "gguf")
        throw Error::inField("format", "unknown format '" + options.format + "' (hf or gguf)");
    if (options.output.empty())
        throw Error::inField("output", "an output path is needed");
    if (options.format == "gguf")
        return exportGguf(location, options, progress);
    auto step = [&](double fraction, const std::string& what) {
        if (progress && !progress(fraction, what))
            throw Error("cancelled");
    };
    step(0.0, "loading");
    LoadedModel loaded = loadForExport(location);
    StagingFolder staging(fs::absolute(options.output).lexically_normal().string());
    ExportResult result;
    step(0.3, "writing");
    writeHfFolder(loaded, staging.path(), hf::dtypeFromName(options.dtype == "auto" ? "f32" : options.dtype),
                  result.notes);
    for (const auto& entry : fs::directory_iterator(staging.path())) {
        result.files.push_back(entry.path().filename().string());
        result.bytes += entry.file_size();
    }
    std::sort(result.files.begin(), result.files.end());
    // The last moment a cancel can take effect: after it, the folder is in place.
    step(0.99, "finishing");
    staging.commit();
    result.path = fs::absolute(options.output).lexically_normal().string();
    if (progress)
        progress(1.0, "done");
    return result;
}

} // namespace lw::catalog
