#pragma once
// The parsed template: expressions and statements, each with the line and column it
// starts at so that errors while rendering can point at it.
#include "core/jinja/value.h"

#include <memory>
#include <string>
#include <utility>
#include <vector>

namespace lw::jinja {

struct Expr;
using ExprPtr = std::unique_ptr<Expr>;

struct Expr {
    enum class Kind {
        Literal,   // literal
        Name,      // name
        List,      // items
        Tuple,     // items (a list when rendered; Python prints it with parentheses)
        Dict,      // items: key, value, key, value...
        GetAttr,   // items[0].name
        GetItem,   // items[0][items[1]]
        Slice,     // items[0][items[1]:items[2]:items[3]] (null entries: left out)
        Call,      // items[0](items[1..], keywords)
        Filter,    // items[0]|name(items[1..], keywords)
        Test,      // items[0] is name(items[1..], keywords)
        Not,       // not items[0]
        Negate,    // -items[0]
        Plus,      // +items[0]
        Binary,    // items[0] name items[1]: + - * / // % ** ~
        And,       // items[0] and items[1]
        Or,        // items[0] or items[1]
        Compare,   // items[0] ops[0] items[1] ops[1] items[2]...: == != < <= > >= in notin
        Condition, // items[1] if items[0] else items[2] (items[2] may be null: Undefined)
    };
    Kind kind = Kind::Literal;
    int line = 0;
    int column = 0;
    Json literal;
    std::string name;
    std::vector<ExprPtr> items;
    std::vector<std::pair<std::string, ExprPtr>> keywords;
    std::vector<std::string> ops;
};

struct Node;
using NodePtr = std::unique_ptr<Node>;
using Body = std::vector<NodePtr>;

struct Node {
    enum class Kind {
        Text,       // text
        Output,     // {{ expr }}
        If,         // conditions[i] -> bodies[i]; a last body without condition is the else
        For,        // for targets in expr [if condition]: bodies[0], else bodies[1]
        Set,        // set targets = expr, or set ns.attribute = expr (attribute)
        SetBlock,   // set targets[0] %}bodies[0]{% endset, filtered by expr (may be null)
        Macro,      // macro name(targets with defaults): bodies[0]
        CallBlock,  // call(targets) expr: bodies[0] is caller()
        FilterBlock,// filter: expr is the filter chain applied to bodies[0] (its input: a Literal)
        Generation, // generation: bodies[0], its output span recorded
        Break,
        Continue,
    };
    Kind kind = Kind::Text;
    int line = 0;
    int column = 0;
    std::string text;
    std::string name;
    std::string attribute;
    ExprPtr expr;
    ExprPtr condition;
    std::vector<std::string> targets;
    std::vector<ExprPtr> defaults; // macro and caller parameters' defaults (null: required)
    std::vector<ExprPtr> conditions;
    std::vector<Body> bodies;
};

} // namespace lw::jinja
