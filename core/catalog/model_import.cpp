#include "core/catalog/model_import.h"

#include "core/catalog/file_copy.h"
#include "core/catalog/model_locator.h"
#include "core/hf/hf_model.h"
#include "core/tokenizer/tokenizer.h"
#include "core/util/error.h"

#include <algorithm>
#include <filesystem>

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

} // namespace

ImportResult importModel(const store::Project& project, const std::string& from, const std::string& name,
                         const ImportProgressCallback& progress)
{
    if (name.empty())
        throw Error::inField("name", "the model needs a name");
    auto format = formatOfPath(from);
    if (!format || *format == ModelFormat::Checkpoint)
        throw Error::inFile(from, "not a model to import: expected a Hugging Face folder (with config.json)");
    if (*format == ModelFormat::Gguf)
        throw Error::inFile(from, "GGUF files cannot be imported yet");
    store::Store store = project.openStore();
    if (store.modelByName(name))
        throw Error::inField("name", "a model named '" + name + "' already exists in the project");

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
    try {
        r.id = store.registerModel(r);
    } catch (...) {
        std::error_code ec;
        fs::remove_all(destination, ec);
        throw;
    }
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
