#include "core/shape/piece_tokenizer.h"

#include "core/tokenizer/tokenizer.h"

#include <algorithm>

namespace lw::shape {

namespace {

// Pieces [begin, end) of one run of text, with their byte ranges in the joined text.
struct TextRun {
    std::string text;
    std::vector<size_t> pieceIndex;
    std::vector<size_t> pieceStart; // byte offset of each piece in `text`
};

void appendToken(TokenizedPieces& out, int32_t id, bool loss, int32_t answer)
{
    out.ids.push_back(id);
    out.loss.push_back(loss ? 1 : 0);
    out.answerOf.push_back(answer);
}

// Byte ranges of the tokens in `text`, when their bytes spell it (possibly after a
// dummy-prefix space); empty otherwise.
std::vector<std::pair<size_t, size_t>> tokenRanges(const std::vector<int32_t>& ids, const std::string& text,
                                                   const tokenizer::Tokenizer& tokenizer)
{
    std::vector<std::pair<size_t, size_t>> ranges;
    ranges.reserve(ids.size());
    std::string spelled;
    for (int32_t id : ids) {
        const size_t start = spelled.size();
        spelled += tokenizer.tokenBytes(id);
        ranges.emplace_back(start, spelled.size());
    }
    if (spelled == text)
        return ranges;
    if (spelled.size() == text.size() + 1 && spelled[0] == ' ' && spelled.compare(1, std::string::npos, text) == 0) {
        for (auto& [a, b] : ranges) {
            a = a == 0 ? 0 : a - 1;
            b = b == 0 ? 0 : b - 1;
        }
        return ranges;
    }
    return {};
}

void tokenizeRun(const TextRun& run, const std::vector<RenderPiece>& pieces, const tokenizer::Tokenizer& tokenizer,
                 bool allowSpecial, TokenizedPieces& out)
{
    if (run.text.empty())
        return;
    const std::vector<int32_t> ids = tokenizer.encode(run.text, allowSpecial);
    const auto ranges = tokenRanges(ids, run.text, tokenizer);
    if (ranges.empty() && !ids.empty()) {
        out.wholeText = false;
        for (size_t index : run.pieceIndex) {
            const RenderPiece& p = pieces[index];
            for (int32_t id : tokenizer.encode(p.text, allowSpecial))
                appendToken(out, id, p.loss, p.answer);
        }
        return;
    }
    size_t first = 0; // first piece that may overlap the current token
    const size_t count = run.pieceIndex.size();
    auto pieceEnd = [&](size_t k) { return k + 1 < count ? run.pieceStart[k + 1] : run.text.size(); };
    for (size_t t = 0; t < ids.size(); ++t) {
        const auto [a, b] = ranges[t];
        while (first + 1 < count && pieceEnd(first) <= a)
            ++first;
        bool loss = false;
        int32_t answer = -1;
        if (a == b) { // no bytes of its own (the dummy prefix): takes the piece it stands before
            const RenderPiece& p = pieces[run.pieceIndex[first]];
            loss = p.loss;
            answer = p.answer;
        }
        for (size_t k = first; k < count && run.pieceStart[k] < b; ++k) {
            if (pieceEnd(k) <= a)
                continue;
            const RenderPiece& p = pieces[run.pieceIndex[k]];
            loss = loss || p.loss;
            if (answer < 0)
                answer = p.answer;
        }
        appendToken(out, ids[t], loss, answer);
    }
}

} // namespace

TokenizedPieces tokenizePieces(const std::vector<RenderPiece>& pieces, const tokenizer::Tokenizer& tokenizer,
                               bool allowSpecial)
{
    TokenizedPieces out;
    TextRun run;
    for (size_t i = 0; i <= pieces.size(); ++i) {
        if (i == pieces.size() || pieces[i].token) {
            tokenizeRun(run, pieces, tokenizer, allowSpecial, out);
            run = TextRun();
            if (i < pieces.size())
                appendToken(out, *pieces[i].token, pieces[i].loss, pieces[i].answer);
            continue;
        }
        if (pieces[i].text.empty())
            continue;
        run.pieceIndex.push_back(i);
        run.pieceStart.push_back(run.text.size());
        run.text += pieces[i].text;
    }
    return out;
}

} // namespace lw::shape
