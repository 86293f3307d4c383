#include "core/jinja/lexer.h"

#include "core/util/error.h"
#include "core/util/text_file.h"

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <cstring>
#include <tuple>

namespace lw::jinja {

void throwAt(const std::string& origin, int line, int column, const std::string& message)
{
    throw Error(origin + ": line " + std::to_string(line) + ", column " + std::to_string(column) + ": " + message);
}

namespace {

bool isSpace(char c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v' || c == '\f';
}

int isDecimalDigit(int c)
{
    return c >= '0' && c <= '9';
}

int isHexDigit(int c)
{
    return std::isxdigit(c);
}

bool isNameStart(char c)
{
    return std::isalpha(static_cast<unsigned char>(c)) || c == '_' || static_cast<unsigned char>(c) >= 0x80;
}

bool isNameChar(char c)
{
    return isNameStart(c) || std::isdigit(static_cast<unsigned char>(c));
}

std::string normalizeNewlines(const std::string& source)
{
    std::string out;
    out.reserve(source.size());
    for (size_t i = 0; i < source.size(); ++i) {
        if (source[i] == '\r') {
            out += '\n';
            if (i + 1 < source.size() && source[i + 1] == '\n')
                ++i;
        } else {
            out += source[i];
        }
    }
    // keep_trailing_newline is off: one final newline goes.
    if (!out.empty() && out.back() == '\n')
        out.pop_back();
    return out;
}

class Lexer {
public:
    Lexer(const std::string& source, const std::string& origin) : m_source(normalizeNewlines(source)), m_origin(origin) {}

    std::vector<Token> run()
    {
        while (m_pos < m_source.size()) {
            const size_t start = findTagStart(m_pos);
            if (start == std::string::npos) {
                emitText(m_pos, m_source.substr(m_pos));
                break;
            }
            const char kind = m_source[start + 1];
            const char sign = start + 2 < m_source.size() && (m_source[start + 2] == '-' || m_source[start + 2] == '+')
                                  ? m_source[start + 2] : 0;
            size_t rawEnd = 0;
            const bool raw = kind == '%' && matchRawBegin(start, rawEnd);
            emitText(m_pos, stripBeforeTag(m_source.substr(m_pos, start - m_pos), sign, kind != '{'));
            m_lineStarting = false;
            if (raw)
                readRaw(start, rawEnd);
            else if (kind == '#')
                skipComment(start, start + 2 + (sign ? 1 : 0));
            else
                readTag(start, kind, start + 2 + (sign ? 1 : 0));
        }
        m_tokens.push_back(make(TokenType::End, "", m_source.size()));
        return std::move(m_tokens);
    }

private:
    std::string m_source;
    const std::string& m_origin;
    size_t m_pos = 0;
    bool m_lineStarting = true;
    std::vector<Token> m_tokens;

    [[noreturn]] void fail(size_t offset, const std::string& message) const
    {
        const auto [line, column] = position(offset);
        throwAt(m_origin, line, column, message);
    }

    // Line and column (in code points) of an offset; offsets mostly grow, so the walk
    // resumes from the last one asked.
    std::pair<int, int> position(size_t offset) const
    {
        if (offset < m_cursorOffset) {
            m_cursorOffset = 0;
            m_cursorLine = 1;
            m_cursorColumn = 1;
        }
        for (; m_cursorOffset < offset && m_cursorOffset < m_source.size(); ++m_cursorOffset) {
            const char c = m_source[m_cursorOffset];
            if (c == '\n') {
                ++m_cursorLine;
                m_cursorColumn = 1;
            } else {
                m_cursorColumn += (static_cast<unsigned char>(c) & 0xC0) != 0x80;
            }
        }
        return {m_cursorLine, m_cursorColumn};
    }
    mutable size_t m_cursorOffset = 0;
    mutable int m_cursorLine = 1;
    mutable int m_cursorColumn = 1;

    Token make(TokenType type, std::string text, size_t offset) const
    {
        Token t;
        t.type = type;
        t.text = std::move(text);
        std::tie(t.line, t.column) = position(offset);
        return t;
    }

    void emitText(size_t offset, std::string text)
    {
        if (!text.empty())
            m_tokens.push_back(make(TokenType::Text, std::move(text), offset));
    }

    bool startsWith(size_t at, const char* s) const { return m_source.compare(at, std::strlen(s), s) == 0; }

    size_t skipSpaces(size_t at) const
    {
        while (at < m_source.size() && isSpace(m_source[at]))
            ++at;
        return at;
    }

    size_t findTagStart(size_t from) const
    {
        for (size_t at = m_source.find('{', from); at != std::string::npos; at = m_source.find('{', at + 1))
            if (at + 1 < m_source.size() && (m_source[at + 1] == '{' || m_source[at + 1] == '%' || m_source[at + 1] == '#'))
                return at;
        return std::string::npos;
    }

    // The text before a tag: all whitespace goes with "-"; with lstrip_blocks, spaces
    // and tabs between the line's start and a block or comment tag go.
    std::string stripBeforeTag(std::string text, char sign, bool blockOrComment) const
    {
        if (sign == '-') {
            size_t end = text.size();
            while (end > 0 && isSpace(text[end - 1]))
                --end;
            return text.substr(0, end);
        }
        if (sign == '+' || !blockOrComment)
            return text;
        const size_t lineStart = text.rfind('\n') == std::string::npos ? 0 : text.rfind('\n') + 1;
        if (lineStart == 0 && !m_lineStarting)
            return text;
        if (lineStart == text.size())
            return text;
        for (size_t i = lineStart; i < text.size(); ++i)
            if (!isSpace(text[i]))
                return text;
        return text.substr(0, lineStart);
    }

    // After a block or comment end: "+" keeps what follows, "-" strips whitespace,
    // otherwise trim_blocks drops one newline. Returns where the text resumes.
    size_t afterBlockEnd(size_t markerEnd, char sign)
    {
        size_t at = markerEnd;
        if (sign == '-')
            at = skipSpaces(at);
        else if (sign != '+' && at < m_source.size() && m_source[at] == '\n')
            ++at;
        m_lineStarting = at > 0 && m_source[at - 1] == '\n';
        return at;
    }

    // {%(-|+|)\s*raw\s*(-%}\s*|%})
    bool matchRawBegin(size_t start, size_t& end) const
    {
        size_t at = start + 2;
        if (at < m_source.size() && (m_source[at] == '-' || m_source[at] == '+'))
            ++at;
        at = skipSpaces(at);
        if (!startsWith(at, "raw") || (at + 3 < m_source.size() && isNameChar(m_source[at + 3])))
            return false;
        at = skipSpaces(at + 3);
        if (startsWith(at, "-%}")) {
            end = skipSpaces(at + 3);
            return true;
        }
        if (startsWith(at, "%}")) {
            end = at + 2;
            return true;
        }
        return false;
    }

    void readRaw(size_t start, size_t bodyStart)
    {
        m_lineStarting = bodyStart > 0 && m_source[bodyStart - 1] == '\n';
        for (size_t at = m_source.find("{%", bodyStart); at != std::string::npos; at = m_source.find("{%", at + 1)) {
            size_t p = at + 2;
            const char sign = p < m_source.size() && (m_source[p] == '-' || m_source[p] == '+') ? m_source[p] : 0;
            p = skipSpaces(p + (sign ? 1 : 0));
            if (!startsWith(p, "endraw"))
                continue;
            p = skipSpaces(p + 6);
            char endSign = 0;
            if (startsWith(p, "+%}") || startsWith(p, "-%}"))
                endSign = m_source[p++];
            if (!startsWith(p, "%}"))
                continue;
            emitText(bodyStart, stripBeforeTag(m_source.substr(bodyStart, at - bodyStart), sign, true));
            m_pos = afterBlockEnd(p + 2, endSign);
            return;
        }
        fail(start, "missing end of raw directive");
    }

    void skipComment(size_t start, size_t from)
    {
        for (size_t at = from; at < m_source.size(); ++at) {
            if (startsWith(at, "+#}") || startsWith(at, "-#}")) {
                m_pos = afterBlockEnd(at + 3, m_source[at]);
                return;
            }
            if (startsWith(at, "#}")) {
                m_pos = afterBlockEnd(at + 2, 0);
                return;
            }
        }
        fail(start, "missing end of comment tag");
    }

    void readTag(size_t start, char kind, size_t at)
    {
        const bool block = kind == '%';
        m_tokens.push_back(make(block ? TokenType::BlockBegin : TokenType::VariableBegin, "", start));
        std::vector<char> balance;
        for (;;) {
            at = skipSpaces(at);
            if (balance.empty()) {
                size_t markerEnd = 0;
                char sign = 0;
                if (block && (startsWith(at, "+%}") || startsWith(at, "-%}"))) {
                    sign = m_source[at];
                    markerEnd = at + 3;
                } else if (block && startsWith(at, "%}")) {
                    markerEnd = at + 2;
                } else if (!block && startsWith(at, "-}}")) {
                    sign = '-';
                    markerEnd = at + 3;
                } else if (!block && startsWith(at, "}}")) {
                    markerEnd = at + 2;
                }
                if (markerEnd) {
                    m_tokens.push_back(make(block ? TokenType::BlockEnd : TokenType::VariableEnd, "", at));
                    if (block) {
                        m_pos = afterBlockEnd(markerEnd, sign);
                    } else {
                        m_pos = sign == '-' ? skipSpaces(markerEnd) : markerEnd;
                        m_lineStarting = m_pos > 0 && m_source[m_pos - 1] == '\n';
                    }
                    return;
                }
            }
            if (at >= m_source.size())
                fail(start, block ? "unexpected end of template: the block tag is not closed"
                                  : "unexpected end of template: the print tag is not closed");
            at = readToken(at, balance);
        }
    }

    size_t readDigits(size_t at, int (*isDigit)(int)) const
    {
        // (\d+_)*\d+ : digits, single underscores between them.
        size_t p = at;
        while (p < m_source.size()) {
            if (isDigit(static_cast<unsigned char>(m_source[p])))
                ++p;
            else if (m_source[p] == '_' && p > at && p + 1 < m_source.size() &&
                     isDigit(static_cast<unsigned char>(m_source[p + 1])))
                ++p;
            else
                break;
        }
        return p;
    }

    static std::string withoutUnderscores(std::string s)
    {
        s.erase(std::remove(s.begin(), s.end(), '_'), s.end());
        return s;
    }

    size_t readNumber(size_t at)
    {
        const size_t integerEnd = readDigits(at, isDecimalDigit);
        size_t p = integerEnd;
        bool isFloat = false;
        if (at == 0 || m_source[at - 1] != '.') {
            if (p + 1 < m_source.size() && m_source[p] == '.' && std::isdigit(static_cast<unsigned char>(m_source[p + 1]))) {
                p = readDigits(p + 1, isDecimalDigit);
                isFloat = true;
            }
            if (p < m_source.size() && (m_source[p] == 'e' || m_source[p] == 'E')) {
                size_t q = p + 1;
                if (q < m_source.size() && (m_source[q] == '+' || m_source[q] == '-'))
                    ++q;
                if (q < m_source.size() && std::isdigit(static_cast<unsigned char>(m_source[q]))) {
                    p = readDigits(q, isDecimalDigit);
                    isFloat = true;
                }
            }
        }
        const std::string text = m_source.substr(at, p - at);
        if (isFloat) {
            Token t = make(TokenType::Float, text, at);
            t.literal = std::strtod(withoutUnderscores(text).c_str(), nullptr);
            m_tokens.push_back(std::move(t));
            return p;
        }
        int base = 10;
        size_t digitsAt = at;
        if (m_source[at] == '0' && at + 1 < m_source.size()) {
            const char prefix = static_cast<char>(std::tolower(static_cast<unsigned char>(m_source[at + 1])));
            base = prefix == 'x' ? 16 : prefix == 'o' ? 8 : prefix == 'b' ? 2 : 10;
            if (base != 10) {
                digitsAt = at + 2;
                if (digitsAt < m_source.size() && m_source[digitsAt] == '_')
                    ++digitsAt;
                p = readDigits(digitsAt, base == 16 ? isHexDigit : isDecimalDigit);
                if (p == digitsAt)
                    fail(at, "malformed number");
            }
        }
        const std::string digits = withoutUnderscores(m_source.substr(digitsAt, p - digitsAt));
        errno = 0;
        char* end = nullptr;
        const long long value = std::strtoll(digits.c_str(), &end, base);
        if (errno == ERANGE || *end != '\0')
            fail(at, "integer literal '" + m_source.substr(at, p - at) + "' is out of range or malformed");
        Token t = make(TokenType::Integer, m_source.substr(at, p - at), at);
        t.literal = static_cast<int64_t>(value);
        m_tokens.push_back(std::move(t));
        return p;
    }

    size_t readString(size_t at)
    {
        const char quote = m_source[at];
        std::string value;
        size_t p = at + 1;
        for (;;) {
            if (p >= m_source.size())
                fail(at, std::string("unterminated string: missing closing ") + quote);
            const char c = m_source[p];
            if (c == quote)
                break;
            if (c != '\\') {
                value += c;
                ++p;
                continue;
            }
            if (p + 1 >= m_source.size())
                fail(at, std::string("unterminated string: missing closing ") + quote);
            p = readEscape(p, value);
        }
        Token t = make(TokenType::String, m_source.substr(at, p + 1 - at), at);
        t.literal = value;
        m_tokens.push_back(std::move(t));
        return p + 1;
    }

    // Python's string escapes; an unknown one keeps its backslash.
    size_t readEscape(size_t p, std::string& value)
    {
        const char e = m_source[p + 1];
        const char* simple = std::strchr("\\'\"abfnrtv\n", e);
        if (simple && e != 0) {
            static const char* const replacements[] = {"\\", "'", "\"", "\a", "\b", "\f", "\n", "\r", "\t", "\v", ""};
            value += replacements[simple - "\\'\"abfnrtv\n"];
            return p + 2;
        }
        if (e >= '0' && e <= '7') {
            uint32_t code = 0;
            size_t q = p + 1;
            for (int k = 0; k < 3 && q < m_source.size() && m_source[q] >= '0' && m_source[q] <= '7'; ++k, ++q)
                code = code * 8 + static_cast<uint32_t>(m_source[q] - '0');
            util::appendUtf8(value, code);
            return q;
        }
        const int hexDigits = e == 'x' ? 2 : e == 'u' ? 4 : e == 'U' ? 8 : 0;
        if (hexDigits == 0) {
            value += '\\';
            return p + 1;
        }
        uint32_t code = 0;
        for (int k = 0; k < hexDigits; ++k) {
            const size_t q = p + 2 + static_cast<size_t>(k);
            if (q >= m_source.size() || !std::isxdigit(static_cast<unsigned char>(m_source[q])))
                fail(p, std::string("truncated \\") + e + " escape in a string");
            const char h = static_cast<char>(std::tolower(static_cast<unsigned char>(m_source[q])));
            code = code * 16 + static_cast<uint32_t>(h <= '9' ? h - '0' : h - 'a' + 10);
        }
        if (code > 0x10FFFF || (code >= 0xD800 && code <= 0xDFFF))
            fail(p, "escape \\" + m_source.substr(p + 1, static_cast<size_t>(hexDigits) + 1) + " is not a Unicode scalar value");
        util::appendUtf8(value, code);
        return p + 2 + static_cast<size_t>(hexDigits);
    }

    size_t readOperator(size_t at, std::vector<char>& balance)
    {
        static const char* const twoChar[] = {"//", "**", "==", "!=", ">=", "<="};
        for (const char* op : twoChar)
            if (startsWith(at, op)) {
                m_tokens.push_back(make(TokenType::Operator, op, at));
                return at + 2;
            }
        const char c = m_source[at];
        if (!std::strchr("+-/*%~[](){}><=.:|,;", c) || c == 0)
            fail(at, std::string("unexpected character '") + c + "'");
        if (c == '(' || c == '[' || c == '{') {
            balance.push_back(c == '(' ? ')' : c == '[' ? ']' : '}');
        } else if (c == ')' || c == ']' || c == '}') {
            if (balance.empty())
                fail(at, std::string("unexpected '") + c + "'");
            if (balance.back() != c)
                fail(at, std::string("unexpected '") + c + "', expected '" + balance.back() + "'");
            balance.pop_back();
        }
        m_tokens.push_back(make(TokenType::Operator, std::string(1, c), at));
        return at + 1;
    }

    size_t readToken(size_t at, std::vector<char>& balance)
    {
        const char c = m_source[at];
        if (std::isdigit(static_cast<unsigned char>(c)))
            return readNumber(at);
        if (isNameStart(c)) {
            size_t p = at;
            while (p < m_source.size() && isNameChar(m_source[p]))
                ++p;
            m_tokens.push_back(make(TokenType::Name, m_source.substr(at, p - at), at));
            return p;
        }
        if (c == '"' || c == '\'')
            return readString(at);
        return readOperator(at, balance);
    }
};

} // namespace

std::vector<Token> tokenize(const std::string& source, const std::string& origin)
{
    return Lexer(source, origin).run();
}

} // namespace lw::jinja
