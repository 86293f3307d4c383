#pragma once
// Finds and opens liblw_spm.so, the runtime-loaded module that holds every sentencepiece
// call (spm_module_abi.h says why), once per process. Places looked in, in order:
//   1. $LLMWB_SPM_MODULE (when set, the only place)
//   2. <dir of the executable>/../lib/llm-workbench/liblw_spm.so   (installed layout)
//   3. <dir of the executable>/liblw_spm.so
//   4. the build tree's copy (LW_SPM_BUILD_PATH, set by CMake)
#include "core/tokenizer/sentencepiece_module/spm_module_abi.h"

#include <string>
#include <vector>

namespace lw::tokenizer {

struct SentencePieceModule {
    std::string path;
    decltype(&lw_spm_train) train = nullptr;
    decltype(&lw_spm_load) load = nullptr;
    decltype(&lw_spm_free_model) freeModel = nullptr;
    decltype(&lw_spm_encode) encode = nullptr;
    decltype(&lw_spm_decode) decode = nullptr;
    decltype(&lw_spm_piece_size) pieceSize = nullptr;
    decltype(&lw_spm_id_to_piece) idToPiece = nullptr;
    decltype(&lw_spm_piece_kind) pieceKind = nullptr;
    decltype(&lw_spm_eos_id) eosId = nullptr;
    decltype(&lw_spm_unk_id) unkId = nullptr;
};

// The module, opened on first use and kept for the life of the process. lw::Error
// naming the places looked in when it is missing, or the file and the reason when it
// cannot be loaded or is not a matching module (wrong interface version).
const SentencePieceModule& sentencePieceModule();

// Places 2..4 above, for messages and diagnostics.
std::vector<std::string> sentencePieceModuleCandidates();

} // namespace lw::tokenizer
