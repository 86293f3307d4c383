#include "core/tokenizer/sentencepiece_module_loader.h"

#include "core/util/error.h"
#include "core/util/paths.h"

#include <cstdlib>
#include <dlfcn.h>
#include <filesystem>
#include <memory>
#include <mutex>
#include <sstream>

namespace lw::tokenizer {
namespace {

constexpr const char* kModuleFile = "liblw_spm.so";
constexpr const char* kModuleEnv = "LLMWB_SPM_MODULE";

bool exists(const std::string& path)
{
    std::error_code ec;
    return std::filesystem::is_regular_file(path, ec);
}

template <typename Fn>
void resolve(void* handle, const std::string& path, const char* name, Fn& target)
{
    void* symbol = ::dlsym(handle, name);
    if (!symbol)
        throw Error(path + ": not an LLM Workbench sentencepiece module (no symbol " + name + ")");
    target = reinterpret_cast<Fn>(symbol);
}

std::unique_ptr<SentencePieceModule> resolveAll(void* handle, const std::string& path);

std::unique_ptr<SentencePieceModule> open(const std::string& path)
{
    // DEEPBIND: the module and libsentencepiece resolve their symbols among themselves
    // first, so sentencepiece's protobuf copy never binds to LibTorch's libprotobuf.
    // The handle is never closed: the module lives as long as the process.
    void* handle = ::dlopen(path.c_str(), RTLD_NOW | RTLD_LOCAL | RTLD_DEEPBIND);
    if (!handle) {
        const char* reason = ::dlerror();
        throw Error(path + ": cannot load the sentencepiece module: " + (reason ? reason : "unknown reason"));
    }
    try {
        return resolveAll(handle, path);
    } catch (...) {
        ::dlclose(handle);
        throw;
    }
}

std::unique_ptr<SentencePieceModule> resolveAll(void* handle, const std::string& path)
{
    auto module = std::make_unique<SentencePieceModule>();
    module->path = path;
    decltype(&lw_spm_abi_version) version = nullptr;
    resolve(handle, path, "lw_spm_abi_version", version);
    if (version() != LW_SPM_ABI_VERSION) {
        std::ostringstream message;
        message << path << ": sentencepiece module interface 0x" << std::hex << version() << ", this program needs 0x"
                << LW_SPM_ABI_VERSION << " (module and program come from different builds)";
        throw Error(message.str());
    }
    resolve(handle, path, "lw_spm_train", module->train);
    resolve(handle, path, "lw_spm_load", module->load);
    resolve(handle, path, "lw_spm_free_model", module->freeModel);
    resolve(handle, path, "lw_spm_encode", module->encode);
    resolve(handle, path, "lw_spm_decode", module->decode);
    resolve(handle, path, "lw_spm_piece_size", module->pieceSize);
    resolve(handle, path, "lw_spm_id_to_piece", module->idToPiece);
    resolve(handle, path, "lw_spm_piece_kind", module->pieceKind);
    resolve(handle, path, "lw_spm_eos_id", module->eosId);
    resolve(handle, path, "lw_spm_unk_id", module->unkId);
    return module;
}

std::unique_ptr<SentencePieceModule> findAndOpen()
{
    if (const char* fromEnv = std::getenv(kModuleEnv); fromEnv && *fromEnv) {
        if (!exists(fromEnv))
            throw Error(std::string(fromEnv) + ": no such file (named by " + kModuleEnv + ")");
        return open(fromEnv);
    }
    std::string lookedIn;
    for (const auto& candidate : sentencePieceModuleCandidates()) {
        if (exists(candidate))
            return open(candidate);
        lookedIn += (lookedIn.empty() ? "" : ", ") + candidate;
    }
    throw Error(std::string("the sentencepiece module ") + kModuleFile + " was not found (looked in " + lookedIn +
                "); set " + kModuleEnv + " to its path, or reinstall LLM Workbench");
}

} // namespace

std::vector<std::string> sentencePieceModuleCandidates()
{
    std::vector<std::string> candidates;
    const std::filesystem::path exeDir = util::executableDir();
    if (!exeDir.empty()) {
        candidates.push_back((exeDir.parent_path() / "lib" / "llm-workbench" / kModuleFile).lexically_normal().string());
        candidates.push_back((exeDir / kModuleFile).string());
    }
#ifdef LW_SPM_BUILD_PATH
    candidates.emplace_back(LW_SPM_BUILD_PATH);
#endif
    return candidates;
}

const SentencePieceModule& sentencePieceModule()
{
    static std::mutex mutex;
    static std::unique_ptr<SentencePieceModule> loaded;
    std::lock_guard<std::mutex> lock(mutex);
    if (!loaded)
        loaded = findAndOpen(); // a failure is not remembered: a later call may find it
    return *loaded;
}

} // namespace lw::tokenizer
