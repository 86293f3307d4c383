#pragma once
// Continuous batching: sequences join and leave between steps. Each step() is one
// forward pass for every active sequence (the prompt of those admitted since the last
// step, the last chosen token of the others), after which each sequence chooses its
// next token with its own sampler, seed, stop sequences and limits, and the ones that
// ended leave, freeing their slot for the next admit(). The local API server answers
// its queue this way; Generator::generateBatch is a decoder fed all at once.
//
//   auto decoder = generator.batchDecoder(8);            // 8 slots of the Generator's KV cache
//   auto id = decoder->admit(request, onToken);          // joins at the next step
//   while (!decoder->idle())
//       for (BatchDecoder::Finished& done : decoder->step())
//           answer(done.id, done.result);
//
// A sequence gets the tokens it would get alone: every row of a step is computed on
// its own (the fused CPU kernels multiply each input row separately, the torch runner
// runs slots one by one), and its sampler draws from its own seeded generator. One
// thread drives a decoder; while it lives, its Generator runs nothing else.
#include "core/generate/eval_mode_guard.h"
#include "core/generate/generation_request.h"
#include "core/generate/generation_result.h"
#include "core/generate/slot_cache.h"

#include <atomic>
#include <memory>
#include <optional>
#include <vector>

namespace lw::tokenizer {
class Tokenizer;
}

namespace lw::generate {

class BatchDecoder {
public:
    using SequenceId = uint64_t; // 0, 1, 2, ... in the order of admit(); the `sequence` of TokenEvents

    // `tokenizer` may be null (no text, stop sequences or end-of-text).
    BatchDecoder(model::Transformer model, std::shared_ptr<SlotCache> cache, const tokenizer::Tokenizer* tokenizer);
    ~BatchDecoder();
    BatchDecoder(const BatchDecoder&) = delete;
    BatchDecoder& operator=(const BatchDecoder&) = delete;

    int64_t slotCount() const { return m_cache->slotCount(); }
    int64_t active() const { return int64_t(m_sequences.size()); }
    bool idle() const { return m_sequences.empty(); }
    bool full() const { return active() >= slotCount(); }

    // Takes a free slot (the one holding the longest prefix of the prompt) and feeds the
    // prompt at the next step. lw::Error for bad settings, beam search (it runs alone:
    // Generator::generate), an empty prompt, or no free slot. `onToken` runs on the
    // stepping thread for every token; returning false ends the sequence (cancelled).
    SequenceId admit(const GenerationRequest& request, TokenCallback onToken = {});
    // The sequence leaves at the next step without running through the model again;
    // its result (stop reason: cancelled) comes out of that step. Unknown ids are ignored.
    void cancel(SequenceId id);

    struct Finished {
        SequenceId id = 0;
        GenerationResult result;
    };
    // One forward pass for every active sequence, then one token each; returns those
    // that ended. With `cancelAll` set, every sequence ends after this step's token. If
    // the forward pass throws, every sequence is dropped (their slots emptied) and the
    // exception passes on: the decoder is then empty and usable again.
    std::vector<Finished> step(const std::atomic<bool>* cancelAll = nullptr);

private:
    struct Sequence;
    int64_t freeSlotFor(const std::vector<int32_t>& prompt) const;
    void chooseNext(Sequence& q, float* logits);
    Finished finish(Sequence& q);

    model::Transformer m_model;
    EvalModeGuard m_evalMode;
    std::shared_ptr<SlotCache> m_cache;
    const tokenizer::Tokenizer* m_tokenizer;
    std::vector<std::unique_ptr<Sequence>> m_sequences; // in the order they were admitted
    std::vector<bool> m_slotBusy;
    SequenceId m_nextId = 0;
    std::vector<SlotInput> m_inputs; // of the current step, reused
    std::vector<float> m_logits;     // (active, vocab) of the current step
};

} // namespace lw::generate
