// liblw_spm.so: the only code that calls sentencepiece (see spm_module_abi.h for why it
// is a separately loaded module). Every entry point catches everything: an exception
// must not unwind into a caller built against another copy of the C++ runtime state.
#include "core/tokenizer/sentencepiece_module/spm_module_abi.h"

#include <sentencepiece_processor.h>
#include <sentencepiece_trainer.h>

#include <cstring>
#include <fstream>
#include <memory>
#include <mutex>
#include <string>
#include <unordered_map>
#include <vector>

// Exported by libsentencepiece but missing from its public headers: the threshold below
// which its LOG(INFO)/LOG(WARNING) lines are dropped. Training logs hundreds of lines.
namespace sentencepiece::logging {
void SetMinLogLevel(int level);
}

#define LW_SPM_EXPORT extern "C" __attribute__((visibility("default")))

struct lw_spm_model {
    sentencepiece::SentencePieceProcessor processor;
};

namespace {

constexpr int kLogErrorsOnly = 2; // sentencepiece's levels: 0 info, 1 warning, 2 error

void setError(lw_spm_error* error, const std::string& message)
{
    if (!error)
        return;
    size_t n = std::min(message.size(), sizeof error->message - 1);
    std::memcpy(error->message, message.data(), n);
    error->message[n] = '\0';
}

template <typename Body>
int guarded(lw_spm_error* error, Body&& body)
{
    try {
        if (error)
            error->message[0] = '\0';
        std::string message = body();
        if (message.empty())
            return 0;
        setError(error, message);
    } catch (const std::exception& e) {
        setError(error, std::string("sentencepiece: ") + e.what());
    } catch (...) {
        setError(error, "sentencepiece: unknown error");
    }
    return 1;
}

std::string statusMessage(const sentencepiece::util::Status& status)
{
    if (status.ok())
        return {};
    // Failed checks read "./src/file.cc(580) [condition] explanation": keep the explanation.
    std::string message = status.error_message();
    if (message.rfind("./src/", 0) == 0 || message.rfind("src/", 0) == 0) {
        size_t end = message.find("] ");
        if (end != std::string::npos && end + 2 < message.size())
            message = message.substr(end + 2);
    }
    return "sentencepiece: " + message;
}

void quietLogging()
{
    static std::once_flag once;
    std::call_once(once, [] { sentencepiece::logging::SetMinLogLevel(kLogErrorsOnly); });
}

// Feeds training text to sentencepiece line by line, straight from the files, so that
// file names never go through sentencepiece's comma-separated "input" flag.
class FileSentences final : public sentencepiece::SentenceIterator {
public:
    explicit FileSentences(std::vector<std::string> files) : m_files(std::move(files)) { advance(); }

    bool done() const override { return m_done; }
    void Next() override { advance(); }
    const std::string& value() const override { return m_line; }
    sentencepiece::util::Status status() const override { return m_status; }

private:
    void advance()
    {
        while (true) {
            if (m_stream.is_open() && std::getline(m_stream, m_line)) {
                if (!m_line.empty() && m_line.back() == '\r')
                    m_line.pop_back();
                return;
            }
            if (m_stream.is_open() && m_stream.bad()) {
                fail("cannot read " + m_files[m_next - 1]);
                return;
            }
            m_stream.close();
            if (m_next == m_files.size()) {
                m_done = true;
                return;
            }
            m_stream.clear();
            m_stream.open(m_files[m_next++], std::ios::binary);
            if (!m_stream) {
                fail("cannot open " + m_files[m_next - 1]);
                return;
            }
        }
    }
    void fail(const std::string& message)
    {
        m_status = sentencepiece::util::Status(sentencepiece::util::StatusCode::kNotFound, message);
        m_done = true;
    }

    std::vector<std::string> m_files;
    size_t m_next = 0;
    std::ifstream m_stream;
    std::string m_line;
    bool m_done = false;
    sentencepiece::util::Status m_status;
};

} // namespace

LW_SPM_EXPORT uint32_t lw_spm_abi_version(void)
{
    return LW_SPM_ABI_VERSION;
}

LW_SPM_EXPORT int lw_spm_train(const lw_spm_train_options* options, lw_spm_error* error)
{
    return guarded(error, [&]() -> std::string {
        if (!options || options->struct_size != sizeof(lw_spm_train_options))
            return "sentencepiece module: training options of an unexpected size";
        quietLogging();
        std::vector<std::string> files(options->input_files, options->input_files + options->input_file_count);
        FileSentences sentences(files);
        // Training mutates process-wide state (the random seed); one at a time.
        static std::mutex trainingMutex;
        std::lock_guard<std::mutex> lock(trainingMutex);
        sentencepiece::SetRandomGeneratorSeed(static_cast<unsigned int>(options->seed));
        // Lossless settings, as in Llama's tokenizer: no Unicode normalisation, spaces kept
        // as they are, and bytes for characters outside the vocabulary, so that
        // decode(encode(text)) gives the text back.
        std::unordered_map<std::string, std::string> args = {
            {"model_prefix", options->output_prefix},
            {"model_type", options->model_type},
            {"vocab_size", std::to_string(options->vocab_size)},
            {"character_coverage", std::to_string(options->character_coverage)},
            {"num_threads", std::to_string(options->num_threads)},
            {"normalization_rule_name", "identity"},
            {"remove_extra_whitespaces", "false"},
            {"allow_whitespace_only_pieces", "true"},
            {"byte_fallback", "true"},
            {"max_sentence_length", "65536"},
        };
        return statusMessage(sentencepiece::SentencePieceTrainer::Train(args, &sentences));
    });
}

LW_SPM_EXPORT lw_spm_model* lw_spm_load(const char* data, size_t size, lw_spm_error* error)
{
    lw_spm_model* result = nullptr;
    guarded(error, [&]() -> std::string {
        quietLogging();
        auto model = std::make_unique<lw_spm_model>();
        auto status = model->processor.LoadFromSerializedProto(std::string_view(data, size));
        std::string message = statusMessage(status);
        // sentencepiece reports a failed protobuf parse as the bare failed check; say what it means.
        if (message == "sentencepiece: " || status.ToString().find("ParseFromArray") != std::string::npos)
            message = "sentencepiece: the file does not parse as a model (protobuf); it is corrupt or of another kind";
        if (message.empty())
            result = model.release();
        return message;
    });
    return result;
}

LW_SPM_EXPORT void lw_spm_free_model(lw_spm_model* model)
{
    delete model;
}

LW_SPM_EXPORT int lw_spm_encode(const lw_spm_model* model, const char* text, size_t size, lw_spm_ids_sink sink,
                                void* context, lw_spm_error* error)
{
    return guarded(error, [&]() -> std::string {
        thread_local std::vector<int> ids;
        ids.clear();
        std::string message = statusMessage(model->processor.Encode(std::string_view(text, size), &ids));
        if (message.empty()) {
            static_assert(sizeof(int) == sizeof(int32_t), "ids are passed as int32_t");
            sink(context, reinterpret_cast<const int32_t*>(ids.data()), ids.size());
        }
        return message;
    });
}

LW_SPM_EXPORT int lw_spm_decode(const lw_spm_model* model, const int32_t* ids, size_t count, lw_spm_bytes_sink sink,
                                void* context, lw_spm_error* error)
{
    return guarded(error, [&]() -> std::string {
        const int pieces = model->processor.GetPieceSize();
        for (size_t i = 0; i < count; ++i) // sentencepiece does not range-check ids
            if (ids[i] < 0 || ids[i] >= pieces)
                return "token id " + std::to_string(ids[i]) + " is out of range (" + std::to_string(pieces) + " pieces)";
        std::string text;
        std::string message = statusMessage(model->processor.Decode(std::vector<int>(ids, ids + count), &text));
        if (message.empty())
            sink(context, text.data(), text.size());
        return message;
    });
}

LW_SPM_EXPORT int32_t lw_spm_piece_size(const lw_spm_model* model)
{
    return model->processor.GetPieceSize();
}

LW_SPM_EXPORT int lw_spm_id_to_piece(const lw_spm_model* model, int32_t id, lw_spm_bytes_sink sink, void* context,
                                     lw_spm_error* error)
{
    return guarded(error, [&]() -> std::string {
        if (id < 0 || id >= model->processor.GetPieceSize())
            return "token id " + std::to_string(id) + " is out of range";
        const std::string& piece = model->processor.IdToPiece(id);
        sink(context, piece.data(), piece.size());
        return {};
    });
}

LW_SPM_EXPORT int lw_spm_piece_kind(const lw_spm_model* model, int32_t id)
{
    const auto& p = model->processor;
    if (id < 0 || id >= p.GetPieceSize())
        return -1;
    if (p.IsUnknown(id))
        return LW_SPM_PIECE_UNKNOWN;
    if (p.IsControl(id))
        return LW_SPM_PIECE_CONTROL;
    if (p.IsByte(id))
        return LW_SPM_PIECE_BYTE;
    if (p.IsUnused(id))
        return LW_SPM_PIECE_UNUSED;
    return LW_SPM_PIECE_NORMAL;
}

LW_SPM_EXPORT int32_t lw_spm_eos_id(const lw_spm_model* model)
{
    return model->processor.eos_id();
}

LW_SPM_EXPORT int32_t lw_spm_unk_id(const lw_spm_model* model)
{
    return model->processor.unk_id();
}
