#pragma once
// Builds the statement tree from the tokens with jinja2's grammar and precedence:
// or < and < not < comparisons (chained, in, not in) < + - < ~ < * / // % < ** <
// unary minus < filters, tests and calls < attribute and item access.
#include "core/jinja/ast.h"
#include "core/jinja/lexer.h"

namespace lw::jinja {

// Throws lw::Error naming origin, line and column for a syntax error, an unknown tag,
// filter or test, or nesting deeper than the parser allows.
Body parseTemplate(const std::vector<Token>& tokens, const std::string& origin);

} // namespace lw::jinja
