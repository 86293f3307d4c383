#include "core/tokenizer/bpe_trainer.h"

#include "core/tokenizer/bpe_files.h"
#include "core/tokenizer/byte_unicode.h"
#include "core/tokenizer/corpus_word_counts.h"
#include "core/util/error.h"

#include <algorithm>
#include <queue>
#include <unordered_map>

namespace lw::tokenizer {
namespace {

constexpr const char* kEndOfText = "<|endoftext|>";
// Bytes plus <|endoftext|>: the smallest vocabulary, with no merges at all.
constexpr int32_t kMinVocabSize = 257;
constexpr int32_t kMaxVocabSize = 1 << 22;

using PairKey = uint64_t;

PairKey pairKey(int32_t left, int32_t right)
{
    return (static_cast<uint64_t>(static_cast<uint32_t>(left)) << 32) | static_cast<uint32_t>(right);
}
int32_t leftOf(PairKey k) { return static_cast<int32_t>(k >> 32); }
int32_t rightOf(PairKey k) { return static_cast<int32_t>(k & 0xffffffffu); }

struct Candidate {
    int64_t count;
    PairKey pair;
    // Most frequent first; equal counts go to the smaller (left id, right id), so the
    // result never depends on hash-table order.
    bool operator<(const Candidate& o) const { return count != o.count ? count < o.count : pair > o.pair; }
};

// Distinct words as token sequences, updated in place as merges are applied, with the
// count of every adjacent pair and, per pair, the words it may occur in.
class MergeState {
public:
    MergeState(const CorpusWordCounts& corpus, const std::array<int32_t, 256>& byteIds)
    {
        for (size_t w = 0; w < corpus.words.size(); ++w) {
            const std::string& word = corpus.words[w];
            if (word.size() < 2)
                continue; // a single byte has no pair to merge
            m_start.push_back(static_cast<uint32_t>(m_symbols.size()));
            m_length.push_back(static_cast<uint32_t>(word.size()));
            m_count.push_back(corpus.counts[w]);
            for (unsigned char b : word)
                m_symbols.push_back(byteIds[b]);
        }
        m_lastVisit.assign(m_start.size(), -1);
        for (uint32_t w = 0; w < m_start.size(); ++w) {
            const int32_t* s = &m_symbols[m_start[w]];
            for (uint32_t i = 0; i + 1 < m_length[w]; ++i)
                notePair(pairKey(s[i], s[i + 1]), w, m_count[w]);
        }
        for (const auto& [pair, count] : m_pairCount)
            m_queue.push(Candidate{count, pair});
    }

    // The most frequent pair, or false when no pair is left.
    bool popBest(PairKey& best, int64_t& count)
    {
        while (!m_queue.empty()) {
            Candidate top = m_queue.top();
            m_queue.pop();
            auto it = m_pairCount.find(top.pair);
            int64_t current = it == m_pairCount.end() ? 0 : it->second;
            if (current == top.count && current > 0) {
                best = top.pair;
                count = current;
                return true;
            }
            // Stale entry. Counts only grow for pairs that were just pushed again, so a
            // smaller current count needs a fresh entry and a larger one already has one.
            if (current > 0 && current < top.count)
                m_queue.push(Candidate{current, top.pair});
        }
        return false;
    }

    // Replaces every occurrence of `pair` by `merged` in every word that holds it.
    void apply(PairKey pair, int32_t merged, int32_t step)
    {
        const int32_t a = leftOf(pair);
        const int32_t b = rightOf(pair);
        auto node = m_pairWords.extract(pair);
        m_pairCount.erase(pair);
        if (node.empty())
            return;
        m_touched.clear();
        for (uint32_t w : node.mapped()) {
            if (m_lastVisit[w] == step)
                continue;
            m_lastVisit[w] = step;
            int32_t* s = &m_symbols[m_start[w]];
            const uint32_t n = m_length[w];
            bool holds = false;
            for (uint32_t i = 0; i + 1 < n && !holds; ++i)
                holds = s[i] == a && s[i + 1] == b;
            if (!holds)
                continue; // the word lost this pair to an earlier merge
            const int64_t c = m_count[w];
            // Take the word's pairs out, merge, put the new pairs in: pairs away from the
            // merge cancel out, and only pairs that contain `merged` can have grown.
            for (uint32_t i = 0; i + 1 < n; ++i) {
                PairKey k = pairKey(s[i], s[i + 1]);
                if (k != pair)
                    m_pairCount[k] -= c;
            }
            uint32_t write = 0;
            for (uint32_t read = 0; read < n;) {
                if (read + 1 < n && s[read] == a && s[read + 1] == b) {
                    s[write++] = merged;
                    read += 2;
                } else {
                    s[write++] = s[read++];
                }
            }
            m_length[w] = write;
            for (uint32_t i = 0; i + 1 < write; ++i) {
                PairKey k = pairKey(s[i], s[i + 1]);
                if (s[i] == merged || s[i + 1] == merged) {
                    notePair(k, w, c);
                    m_touched.push_back(k);
                } else {
                    m_pairCount[k] += c;
                }
            }
        }
        std::sort(m_touched.begin(), m_touched.end());
        m_touched.erase(std::unique(m_touched.begin(), m_touched.end()), m_touched.end());
        for (PairKey k : m_touched)
            m_queue.push(Candidate{m_pairCount[k], k});
    }

private:
    void notePair(PairKey k, uint32_t word, int64_t count)
    {
        m_pairCount[k] += count;
        auto& words = m_pairWords[k];
        if (words.empty() || words.back() != word)
            words.push_back(word);
    }

    std::vector<int32_t> m_symbols;
    std::vector<uint32_t> m_start;
    std::vector<uint32_t> m_length;
    std::vector<int64_t> m_count;
    std::vector<int32_t> m_lastVisit; // merge step that last visited each word
    std::unordered_map<PairKey, int64_t> m_pairCount;
    std::unordered_map<PairKey, std::vector<uint32_t>> m_pairWords;
    std::priority_queue<Candidate> m_queue;
    std::vector<PairKey> m_touched;
};

void checkOptions(const TrainTokenizerOptions& options)
{
    if (options.vocabSize == kAutoVocabSize)
        ; // sized by the corpus, up to kAutoVocabLimit
    else if (options.vocabSize < kMinVocabSize)
        throw Error::inField("vocabSize", std::to_string(options.vocabSize) + " is too small: byte-level BPE needs at least " +
                                              std::to_string(kMinVocabSize) + " (256 byte tokens and " + kEndOfText + ")");
    if (options.vocabSize > kMaxVocabSize)
        throw Error::inField("vocabSize", std::to_string(options.vocabSize) + " is too large (at most " +
                                              std::to_string(kMaxVocabSize) + ")");
    if (options.inputFiles.empty())
        throw Error::inField("inputFiles", "no training text given");
    if (options.outputPath.empty())
        throw Error::inField("outputPath", "no output folder given");
}

} // namespace

void trainByteLevelBpe(const TrainTokenizerOptions& options, const TrainProgressCallback& progress)
{
    checkOptions(options);
    // Counting is quick next to merging; give it the first tenth of the progress bar.
    constexpr double kCountingShare = 0.1;
    auto report = [&](double fraction, const char* stage) {
        if (progress && !progress(TrainTokenizerProgress{fraction, stage}))
            throw Error("cancelled");
    };
    CorpusWordCounts corpus = countCorpusWords(options.inputFiles, kEndOfText, [&](double f) {
        return !progress || progress(TrainTokenizerProgress{f * kCountingShare, "counting"});
    });

    // Token ids: the bytes in GPT-2's order, then merges, then <|endoftext|>.
    std::array<int32_t, 256> byteIds{};
    std::vector<std::string> tokenBytes;
    for (int id = 0; id < 256; ++id) {
        uint8_t b = bytesInGpt2Order()[id];
        byteIds[b] = id;
        tokenBytes.emplace_back(1, static_cast<char>(b));
    }
    std::unordered_map<std::string, int32_t> idOfBytes;
    for (int32_t id = 0; id < 256; ++id)
        idOfBytes.emplace(tokenBytes[id], id);

    const bool automatic = options.vocabSize == kAutoVocabSize;
    const auto target = static_cast<size_t>((automatic ? kAutoVocabLimit : options.vocabSize) - 1);
    const size_t wanted = target - tokenBytes.size();
    const size_t reportEvery = std::max<size_t>(1, wanted / 200);
    std::vector<std::pair<int32_t, int32_t>> merges;
    MergeState state(corpus, byteIds);
    report(kCountingShare, "merging");
    for (int32_t step = 0; tokenBytes.size() < target; ++step) {
        PairKey best = 0;
        int64_t count = 0;
        const bool found = state.popBest(best, count);
        // Sized by the corpus: stop where merges would only spell words seen once.
        if (automatic && (!found || count < 2))
            break;
        if (!found)
            throw Error::inField("vocabSize", std::to_string(options.vocabSize) +
                                                  " is too large for this corpus: it supports at most " +
                                                  std::to_string(tokenBytes.size() + 1) + " (every word is a single token by then)");
        const int32_t a = leftOf(best);
        const int32_t b = rightOf(best);
        std::string bytes = tokenBytes[a] + tokenBytes[b];
        // Two merges can spell the same bytes ("a"+"bc" and "ab"+"c"); the second reuses
        // the token, and the loop runs until the vocabulary really has the size asked for.
        auto [it, added] = idOfBytes.emplace(bytes, static_cast<int32_t>(tokenBytes.size()));
        if (added)
            tokenBytes.push_back(std::move(bytes));
        merges.emplace_back(a, b);
        state.apply(best, it->second, step);
        if (merges.size() % reportEvery == 0)
            report(kCountingShare + (1 - kCountingShare) * double(tokenBytes.size() - 256) / double(wanted), "merging");
    }

    std::vector<std::string> tokens;
    tokens.reserve(tokenBytes.size() + 1);
    for (const auto& bytes : tokenBytes)
        tokens.push_back(bytesToTokenText(bytes));
    tokens.emplace_back(kEndOfText);
    std::vector<std::pair<std::string, std::string>> mergeTexts;
    mergeTexts.reserve(merges.size());
    for (auto [a, b] : merges)
        mergeTexts.emplace_back(tokens[a], tokens[b]);
    report(1.0, "writing");
    writeBpeFiles(options.outputPath, tokens, mergeTexts);
}

} // namespace lw::tokenizer
