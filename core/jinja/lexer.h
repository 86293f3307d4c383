#pragma once
// Cuts a template into tokens the way jinja2's lexer does with transformers' settings:
// text, {{ }}, {% %} and {# #} (comments are dropped), "-" beside a delimiter strips
// the whitespace on that side, "+" keeps it, trim_blocks drops the first newline after
// a block or comment tag, lstrip_blocks drops spaces and tabs before one at the start
// of a line, "\r\n" and "\r" become "\n", and one final newline is dropped.
#include "core/jinja/value.h"

#include <string>
#include <vector>

namespace lw::jinja {

enum class TokenType { Text, VariableBegin, VariableEnd, BlockBegin, BlockEnd, Name, String, Integer, Float, Operator, End };

struct Token {
    TokenType type = TokenType::End;
    std::string text; // text, name or operator; the source of a literal
    Json literal;     // the value of a string, integer or float
    int line = 1;
    int column = 1;
};

// Throws lw::Error "<origin>: line L, column C: <message>" on malformed input.
std::vector<Token> tokenize(const std::string& source, const std::string& origin);

// "<origin>: line L, column C: <message>"; shared by the parser and the renderer.
[[noreturn]] void throwAt(const std::string& origin, int line, int column, const std::string& message);

} // namespace lw::jinja
