#include "core/catalog/model_import.h"

#include "core/catalog/file_copy.h"
#include "core/catalog/model_locator.h"
#include "core/gguf/gguf_file.h"
#include "core/gguf_model/gguf_model.h"
#include "core/gguf_model/gguf_tokenizer.h"
#include "core/hf/hf_model.h"
#include "core/tokenizer/tokenizer.h"
#include "core/util/error.h"

#include <algorithm>
#include <filesystem>
#include <map>

namespace lw::catalog {

namespace fs = std::filesystem;

namespace {

// Files of a Hugging Face folder that describe or hold the model in the formats we
// read; other weight formats (.bin, .pt, .h5, .onnx...) and sub-folders are left out.
bool isModelFile(const std::string& name)
{
    auto endsWith = [&](const std::string& suffix) {
        return name.size() >= suffix.size() && name.compare(name.size() - suffix.size(), suffix.size(), suffix) == 0;
    };
    return endsWith(".json") || endsWith(".safetensors") || endsWith(".jinja") || name == "tokenizer.model" ||
           name == "merges.txt" || name == "vocab.bpe" || name == "README.md" || name == "LICENSE" ||
           name == "LICENSE.txt";
}

struct SourceFile {
    std::string path;
    std::string name;
    uint64_t bytes;
};

std::string mostCommonType(const std::map<std::string, int64_t>& counts)
{
    std::string best;
    int64_t most = -1;
    for (const auto& [type, count] : counts)
        if (count > most) {
            most = count;
            best = type;
        }
    return best;
}

store::ModelRecord registerCopy(store::Store& store, store::ModelRecord record, const std::string& folder)
{
    try {
        record.id = store.registerModel(record);
    } catch (...) {
        std::error_code ec;
        fs::remove_all(folder, ec);
        throw;
    }
    return record;
}

// A GGUF file: checked (header, every tensor's dims and type, the tokenizer) and copied
// whole into models/<slug>/.
ImportResult importGguf(const store::Project& project, store::Store& store, const std::string& from,
                        const std::string& name, const ImportProgressCallback& progress)
{
    ImportResult result;
    const gguf_model::GgufModelInfo info = gguf_model::inspectGguf(from);
    const gguf_model::GgufTokenizer tokenizer = gguf_model::loadGgufTokenizer(gguf::GgufFile(from));
    fs::create_directories(project.modelsDir());
    const std::string destination = (fs::path(project.modelsDir()) / store::Project::slug(name, "model")).string();
    const std::string fileName = fs::path(from).filename().string();
    StagingFolder staging(destination);
    CopyProgress onBytes;
    if (progress)
        onBytes = [&](uint64_t bytes) { return progress({bytes, info.fileBytes, fileName}); };
    CopiedFile c = copyAndHash(from, (fs::path(staging.path()) / fileName).string(), 0, onBytes);
    staging.commit();

    store::ModelRecord& r = result.record;
    r.name = name;
    r.kind = "import";
    r.format = "gguf";
    r.family = model::familyName(info.config.family);
    r.architecture = info.architecture;
    r.path = store.storablePath((fs::path(destination) / fileName).string());
    r.parameters = info.config.parameterCount();
    r.bytes = int64_t(c.bytes);
    r.dtype = mostCommonType(info.tensorTypes);
    r.source = {{"path", fs::absolute(from).lexically_normal().string()},
                {"files", nlohmann::json::array({{{"name", fileName}, {"bytes", c.bytes}, {"sha256", c.sha256}}})}};
    r.meta = {{"config", info.config.toJson()},
              {"tensor_types", info.tensorTypes},
              {"tokenizer", {{"kind", tokenizer.model}, {"pre", tokenizer.pre}, {"vocab_size", tokenizer.tokenizer->vocabSize()}}},
              {"chat_template", !info.chatTemplate.empty()}};
    r = registerCopy(store, r, destination);
    result.folder = destination;
    return result;
}

} // namespace

ImportResult importModel(const store::Project& project, const std::string& from, const std::string& name,
                         const ImportProgressCallback& progress)
{
    if (name.empty())
        throw Error::inField("name", "the model needs a name");
    auto format = formatOfPath(from);
    if (!format || *format == ModelFormat::Checkpoint)
        throw Error::inFile(from, "not a model to import: expected a Hugging Face folder (with config.json) or a "
                                  ".gguf file");
    store::Store store = project.openStore();
    if (store.modelByName(name))
        throw Error::inField("name", "a model named '" + name + "' already exists in the project");
    if (*format == ModelFormat::Gguf)
        return importGguf(project, store, from, name, progress);

    // Everything is checked before a byte is copied: config, tensor names and shapes, tokenizer.
    ImportResult result;
    hf::HfModelInfo info = hf::inspectHfModel(from);
    const auto tokenizer = tokenizer::loadTokenizer(from);
    result.notes = info.notes;

    std::vector<SourceFile> files;
    uint64_t total = 0;
    for (const auto& entry : fs::directory_iterator(from)) {
        const std::string fileName = entry.path().filename().string();
        if (!entry.is_regular_file() || !isModelFile(fileName)) {
            result.notes.push_back("left out " + fileName);
            continue;
        }
        files.push_back({entry.path().string(), fileName, uint64_t(entry.file_size())});
        total += files.back().bytes;
    }
    std::sort(files.begin(), files.end(), [](const SourceFile& a, const SourceFile& b) { return a.name < b.name; });

    fs::create_directories(project.modelsDir());
    const std::string destination = (fs::path(project.modelsDir()) / store::Project::slug(name, "model")).string();
    StagingFolder staging(destination);
    nlohmann::json copied = nlohmann::json::array();
    uint64_t done = 0;
    for (const SourceFile& f : files) {
        CopyProgress onBytes;
        if (progress)
            onBytes = [&](uint64_t bytes) { return progress({bytes, total, f.name}); };
        CopiedFile c = copyAndHash(f.path, (fs::path(staging.path()) / f.name).string(), done, onBytes);
        done += c.bytes;
        copied.push_back({{"name", f.name}, {"bytes", c.bytes}, {"sha256", c.sha256}});
    }
    staging.commit();

    store::ModelRecord& r = result.record;
    r.name = name;
    r.kind = "import";
    r.format = "hf";
    r.family = model::familyName(info.config.family);
    r.architecture = info.architecture->architecture;
    r.path = store.storablePath(destination);
    r.parameters = info.config.parameterCount();
    r.bytes = int64_t(done);
    r.dtype = hf::torchDtypeName(info.storedDtype);
    r.source = {{"path", fs::absolute(from).lexically_normal().string()}, {"files", copied}};
    r.meta = {{"config", info.config.toJson()},
              {"tokenizer", {{"kind", tokenizer->kind()}, {"vocab_size", tokenizer->vocabSize()}}},
              {"notes", result.notes}};
    r = registerCopy(store, r, destination);
    result.folder = destination;
    return result;
}

void deleteModel(const store::Project& project, const std::string& name)
{
    store::Store store = project.openStore();
    auto record = store.modelByName(name);
    if (!record)
        throw Error("there is no model '" + name + "' in the project");
    const fs::path path = fs::weakly_canonical(store.absolutePath(record->path));
    const fs::path models = fs::weakly_canonical(project.modelsDir());
    store.removeModel(record->id);
    // Only what the project owns is deleted.
    auto rel = path.lexically_relative(models);
    if (!rel.empty() && *rel.begin() != "..") {
        std::error_code ec;
        fs::remove_all(path, ec);
    }
}

} // namespace lw::catalog
