#include "core/jinja/parser.h"

#include "core/jinja/builtins.h"

#include <algorithm>

namespace lw::jinja {
namespace {

// Templates nest statements and expressions a few levels deep; a hostile one could
// nest thousands and exhaust the stack.
constexpr int kMaxNesting = 200;

class Parser {
public:
    Parser(const std::vector<Token>& tokens, const std::string& origin) : m_tokens(tokens), m_origin(origin) {}

    Body parseAll()
    {
        std::string ended;
        Body body = parseBody({}, ended);
        return body;
    }

private:
    const std::vector<Token>& m_tokens;
    const std::string& m_origin;
    size_t m_pos = 0;
    int m_depth = 0;
    int m_loopDepth = 0;

    struct DepthGuard {
        Parser& p;
        explicit DepthGuard(Parser& parser) : p(parser)
        {
            if (++p.m_depth > kMaxNesting)
                p.fail("the template nests deeper than " + std::to_string(kMaxNesting) + " levels");
        }
        ~DepthGuard() { --p.m_depth; }
    };

    const Token& current() const { return m_tokens[m_pos]; }
    const Token& peek(size_t ahead = 1) const
    {
        return m_tokens[std::min(m_pos + ahead, m_tokens.size() - 1)];
    }
    const Token& advance()
    {
        const Token& t = m_tokens[m_pos];
        if (m_pos + 1 < m_tokens.size())
            ++m_pos;
        return t;
    }

    [[noreturn]] void fail(const std::string& message) const { failAt(current(), message); }
    [[noreturn]] void failAt(const Token& t, const std::string& message) const
    {
        throwAt(m_origin, t.line, t.column, message);
    }

    static std::string describe(const Token& t)
    {
        switch (t.type) {
        case TokenType::End: return "end of template";
        case TokenType::BlockEnd: return "end of statement block";
        case TokenType::VariableEnd: return "end of print statement";
        case TokenType::BlockBegin: return "begin of statement block";
        case TokenType::VariableBegin: return "begin of print statement";
        case TokenType::Text: return "template data";
        default: return "'" + t.text + "'";
        }
    }

    bool isOp(const char* op) const { return current().type == TokenType::Operator && current().text == op; }
    bool isName(const char* name) const { return current().type == TokenType::Name && current().text == name; }
    bool skipOp(const char* op)
    {
        if (!isOp(op))
            return false;
        advance();
        return true;
    }
    bool skipName(const char* name)
    {
        if (!isName(name))
            return false;
        advance();
        return true;
    }
    void expectOp(const char* op)
    {
        if (!skipOp(op))
            fail(std::string("expected '") + op + "', got " + describe(current()));
    }
    const Token& expectType(TokenType type, const char* what)
    {
        if (current().type != type)
            fail(std::string("expected ") + what + ", got " + describe(current()));
        return advance();
    }
    std::string expectName() { return expectType(TokenType::Name, "a name").text; }
    void expectBlockEnd() { expectType(TokenType::BlockEnd, "end of statement block"); }

    static ExprPtr makeExpr(Expr::Kind kind, const Token& at)
    {
        auto e = std::make_unique<Expr>();
        e->kind = kind;
        e->line = at.line;
        e->column = at.column;
        return e;
    }
    NodePtr makeNode(Node::Kind kind, const Token& at) const
    {
        auto n = std::make_unique<Node>();
        n->kind = kind;
        n->line = at.line;
        n->column = at.column;
        return n;
    }

    // ---- statements ----

    // Reads nodes until a block tag named in `endTags` (its name is consumed and
    // returned in `ended`), or the end of the template when `endTags` is empty.
    Body parseBody(const std::vector<std::string>& endTags, std::string& ended)
    {
        DepthGuard guard(*this);
        Body body;
        for (;;) {
            const Token& t = current();
            switch (t.type) {
            case TokenType::Text: {
                auto n = makeNode(Node::Kind::Text, t);
                n->text = t.text;
                body.push_back(std::move(n));
                advance();
                break;
            }
            case TokenType::VariableBegin: {
                advance();
                auto n = makeNode(Node::Kind::Output, t);
                n->expr = parseTuple(true, {}, false);
                expectType(TokenType::VariableEnd, "end of print statement");
                body.push_back(std::move(n));
                break;
            }
            case TokenType::BlockBegin: {
                const Token& tag = peek();
                if (tag.type == TokenType::Name &&
                    std::find(endTags.begin(), endTags.end(), tag.text) != endTags.end()) {
                    advance();
                    ended = advance().text;
                    return body;
                }
                advance();
                body.push_back(parseStatement());
                break;
            }
            case TokenType::End:
                if (!endTags.empty())
                    fail("unexpected end of template: expected '" + endTags.back() + "'"); // the closing tag
                return body;
            default: fail("unexpected " + describe(t));
            }
        }
    }

    NodePtr parseStatement()
    {
        const Token& tag = current();
        if (tag.type != TokenType::Name)
            fail("expected a tag name, got " + describe(tag));
        const std::string name = tag.text;
        if (name == "for")
            return parseFor();
        if (name == "if")
            return parseIf();
        if (name == "set")
            return parseSet();
        if (name == "macro")
            return parseMacro();
        if (name == "call")
            return parseCallBlock();
        if (name == "filter")
            return parseFilterBlock();
        if (name == "generation")
            return parseWrapped(Node::Kind::Generation, "endgeneration");
        if (name == "break" || name == "continue") {
            if (m_loopDepth == 0)
                fail("'" + name + "' outside a loop");
            advance();
            expectBlockEnd();
            return makeNode(name == "break" ? Node::Kind::Break : Node::Kind::Continue, tag);
        }
        if (name.rfind("end", 0) == 0 || name == "elif" || name == "else")
            fail("unexpected '" + name + "': no block is open that it could close");
        fail("unknown tag '" + name + "'");
    }

    NodePtr parseWrapped(Node::Kind kind, const char* endTag)
    {
        auto n = makeNode(kind, advance());
        expectBlockEnd();
        std::string ended;
        n->bodies.push_back(parseBody({endTag}, ended));
        expectBlockEnd();
        return n;
    }

    std::vector<std::string> parseAssignNames(const std::vector<std::string>& endNames)
    {
        std::vector<std::string> names;
        const bool parenthesized = skipOp("(");
        for (;;) {
            names.push_back(expectName());
            if (!skipOp(","))
                break;
            if (isOp(")") || isOp("=") || current().type == TokenType::BlockEnd ||
                (current().type == TokenType::Name &&
                 std::find(endNames.begin(), endNames.end(), current().text) != endNames.end()))
                break;
        }
        if (parenthesized)
            expectOp(")");
        return names;
    }

    NodePtr parseFor()
    {
        auto n = makeNode(Node::Kind::For, advance());
        n->targets = parseAssignNames({"in"});
        if (!skipName("in"))
            fail("expected 'in', got " + describe(current()));
        n->expr = parseTuple(false, {"recursive"}, false);
        if (skipName("if"))
            n->condition = parseExpression(true);
        if (isName("recursive"))
            fail("recursive loops are not supported");
        expectBlockEnd();
        ++m_loopDepth;
        std::string ended;
        n->bodies.push_back(parseBody({"else", "endfor"}, ended));
        --m_loopDepth;
        if (ended == "else") {
            expectBlockEnd();
            n->bodies.push_back(parseBody({"endfor"}, ended));
        }
        expectBlockEnd();
        return n;
    }

    NodePtr parseIf()
    {
        auto n = makeNode(Node::Kind::If, advance());
        n->conditions.push_back(parseTuple(false, {}, false));
        expectBlockEnd();
        for (;;) {
            std::string ended;
            n->bodies.push_back(parseBody({"elif", "else", "endif"}, ended));
            if (ended == "elif") {
                n->conditions.push_back(parseTuple(false, {}, false));
                expectBlockEnd();
                continue;
            }
            if (ended == "else") {
                expectBlockEnd();
                n->bodies.push_back(parseBody({"endif"}, ended));
            }
            expectBlockEnd();
            return n;
        }
    }

    NodePtr parseSet()
    {
        auto n = makeNode(Node::Kind::Set, advance());
        if (current().type == TokenType::Name && peek().type == TokenType::Operator && peek().text == ".") {
            n->targets.push_back(advance().text);
            advance();
            n->attribute = expectName();
        } else {
            n->targets = parseAssignNames({});
        }
        if (skipOp("=")) {
            n->expr = parseTuple(true, {}, false);
            expectBlockEnd();
            return n;
        }
        if (n->targets.size() != 1)
            fail("a block set assigns to one name");
        n->kind = Node::Kind::SetBlock;
        if (isOp("|"))
            n->expr = parseFilters(nullptr);
        expectBlockEnd();
        std::string ended;
        n->bodies.push_back(parseBody({"endset"}, ended));
        expectBlockEnd();
        return n;
    }

    void parseParameters(Node& n)
    {
        expectOp("(");
        while (!isOp(")")) {
            if (!n.targets.empty())
                expectOp(",");
            if (isOp(")"))
                break;
            n.targets.push_back(expectName());
            if (skipOp("="))
                n.defaults.push_back(parseExpression(true));
            else if (!n.defaults.empty() && n.defaults.back())
                fail("a parameter without a default follows one with a default");
            else
                n.defaults.push_back(nullptr);
        }
        advance();
    }

    NodePtr parseMacro()
    {
        auto n = makeNode(Node::Kind::Macro, advance());
        n->name = expectName();
        parseParameters(*n);
        expectBlockEnd();
        std::string ended;
        const int loops = m_loopDepth;
        m_loopDepth = 0;
        n->bodies.push_back(parseBody({"endmacro"}, ended));
        m_loopDepth = loops;
        expectBlockEnd();
        return n;
    }

    NodePtr parseCallBlock()
    {
        auto n = makeNode(Node::Kind::CallBlock, advance());
        if (isOp("("))
            parseParameters(*n);
        n->expr = parseExpression(true);
        if (n->expr->kind != Expr::Kind::Call)
            failAt(advance(), "expected a call after 'call'");
        expectBlockEnd();
        std::string ended;
        n->bodies.push_back(parseBody({"endcall"}, ended));
        expectBlockEnd();
        return n;
    }

    NodePtr parseFilterBlock()
    {
        auto n = makeNode(Node::Kind::FilterBlock, advance());
        n->expr = parseFilters(nullptr, false);
        expectBlockEnd();
        std::string ended;
        n->bodies.push_back(parseBody({"endfilter"}, ended));
        expectBlockEnd();
        return n;
    }

    // ---- expressions ----

    bool isTupleEnd(const std::vector<std::string>& endNames) const
    {
        const Token& t = current();
        if (t.type == TokenType::VariableEnd || t.type == TokenType::BlockEnd || t.type == TokenType::End)
            return true;
        if (t.type == TokenType::Operator && t.text == ")")
            return true;
        return t.type == TokenType::Name && std::find(endNames.begin(), endNames.end(), t.text) != endNames.end();
    }

    ExprPtr parseTuple(bool withCondition, const std::vector<std::string>& endNames, bool explicitParentheses)
    {
        const Token& start = current();
        std::vector<ExprPtr> items;
        bool isTuple = false;
        for (;;) {
            if (!items.empty())
                expectOp(",");
            if (isTupleEnd(endNames))
                break;
            items.push_back(parseExpression(withCondition));
            if (isOp(","))
                isTuple = true;
            else
                break;
        }
        if (!isTuple) {
            if (!items.empty())
                return std::move(items[0]);
            if (!explicitParentheses)
                fail("expected an expression, got " + describe(current()));
        }
        auto e = makeExpr(Expr::Kind::Tuple, start);
        e->items = std::move(items);
        return e;
    }

    ExprPtr parseExpression(bool withCondition)
    {
        DepthGuard guard(*this);
        if (!withCondition)
            return parseOr();
        ExprPtr expr = parseOr();
        while (isName("if")) {
            const Token& at = advance();
            auto e = makeExpr(Expr::Kind::Condition, at);
            e->items.push_back(parseOr());
            e->items.push_back(std::move(expr));
            e->items.push_back(skipName("else") ? parseExpression(true) : nullptr);
            expr = std::move(e);
        }
        return expr;
    }

    ExprPtr binary(Expr::Kind kind, const Token& at, ExprPtr left, ExprPtr right, std::string op = {})
    {
        auto e = makeExpr(kind, at);
        e->name = std::move(op);
        e->items.push_back(std::move(left));
        e->items.push_back(std::move(right));
        return e;
    }

    ExprPtr parseOr()
    {
        ExprPtr left = parseAnd();
        while (isName("or")) {
            const Token& at = advance();
            left = binary(Expr::Kind::Or, at, std::move(left), parseAnd());
        }
        return left;
    }

    ExprPtr parseAnd()
    {
        ExprPtr left = parseNot();
        while (isName("and")) {
            const Token& at = advance();
            left = binary(Expr::Kind::And, at, std::move(left), parseNot());
        }
        return left;
    }

    ExprPtr parseNot()
    {
        if (isName("not")) {
            DepthGuard guard(*this);
            auto e = makeExpr(Expr::Kind::Not, advance());
            e->items.push_back(parseNot());
            return e;
        }
        return parseCompare();
    }

    ExprPtr parseCompare()
    {
        const Token& start = current();
        ExprPtr first = parseMath1();
        std::vector<std::string> ops;
        std::vector<ExprPtr> operands;
        for (;;) {
            const Token& t = current();
            if (t.type == TokenType::Operator &&
                (t.text == "==" || t.text == "!=" || t.text == "<" || t.text == "<=" || t.text == ">" || t.text == ">=")) {
                ops.push_back(advance().text);
            } else if (isName("in")) {
                advance();
                ops.push_back("in");
            } else if (isName("not") && peek().type == TokenType::Name && peek().text == "in") {
                advance();
                advance();
                ops.push_back("notin");
            } else {
                break;
            }
            operands.push_back(parseMath1());
        }
        if (ops.empty())
            return first;
        auto e = makeExpr(Expr::Kind::Compare, start);
        e->items.push_back(std::move(first));
        for (auto& operand : operands)
            e->items.push_back(std::move(operand));
        e->ops = std::move(ops);
        return e;
    }

    ExprPtr parseMath1()
    {
        ExprPtr left = parseConcat();
        while (isOp("+") || isOp("-")) {
            const Token& at = advance();
            left = binary(Expr::Kind::Binary, at, std::move(left), parseConcat(), at.text);
        }
        return left;
    }

    ExprPtr parseConcat()
    {
        ExprPtr left = parseMath2();
        while (isOp("~")) {
            const Token& at = advance();
            left = binary(Expr::Kind::Binary, at, std::move(left), parseMath2(), "~");
        }
        return left;
    }

    ExprPtr parseMath2()
    {
        ExprPtr left = parsePow();
        while (isOp("*") || isOp("/") || isOp("//") || isOp("%")) {
            const Token& at = advance();
            left = binary(Expr::Kind::Binary, at, std::move(left), parsePow(), at.text);
        }
        return left;
    }

    ExprPtr parsePow()
    {
        ExprPtr left = parseUnary(true);
        while (isOp("**")) {
            const Token& at = advance();
            left = binary(Expr::Kind::Binary, at, std::move(left), parseUnary(true), "**");
        }
        return left;
    }

    ExprPtr parseUnary(bool withFilter)
    {
        DepthGuard guard(*this);
        ExprPtr node;
        if (isOp("-") || isOp("+")) {
            const Token& at = advance();
            node = makeExpr(at.text == "-" ? Expr::Kind::Negate : Expr::Kind::Plus, at);
            node->items.push_back(parseUnary(false));
        } else {
            node = parsePrimary();
        }
        node = parsePostfix(std::move(node));
        return withFilter ? parseFilters(std::move(node)) : std::move(node);
    }

    ExprPtr parsePrimary()
    {
        const Token& t = current();
        switch (t.type) {
        case TokenType::Name: {
            advance();
            auto e = makeExpr(Expr::Kind::Literal, t);
            if (t.text == "true" || t.text == "True")
                e->literal = true;
            else if (t.text == "false" || t.text == "False")
                e->literal = false;
            else if (t.text == "none" || t.text == "None")
                e->literal = nullptr;
            else {
                e->kind = Expr::Kind::Name;
                e->name = t.text;
            }
            return e;
        }
        case TokenType::String: {
            auto e = makeExpr(Expr::Kind::Literal, t);
            std::string text;
            while (current().type == TokenType::String)
                text += advance().literal.get<std::string>();
            e->literal = text;
            return e;
        }
        case TokenType::Integer:
        case TokenType::Float: {
            auto e = makeExpr(Expr::Kind::Literal, t);
            e->literal = advance().literal;
            return e;
        }
        case TokenType::Operator:
            if (t.text == "(") {
                advance();
                ExprPtr e = parseTuple(true, {}, true);
                expectOp(")");
                return e;
            }
            if (t.text == "[") {
                advance();
                auto e = makeExpr(Expr::Kind::List, t);
                while (!isOp("]")) {
                    if (!e->items.empty())
                        expectOp(",");
                    if (isOp("]"))
                        break;
                    e->items.push_back(parseExpression(true));
                }
                advance();
                return e;
            }
            if (t.text == "{") {
                advance();
                auto e = makeExpr(Expr::Kind::Dict, t);
                while (!isOp("}")) {
                    if (!e->items.empty())
                        expectOp(",");
                    if (isOp("}"))
                        break;
                    e->items.push_back(parseExpression(true));
                    expectOp(":");
                    e->items.push_back(parseExpression(true));
                }
                advance();
                return e;
            }
            break;
        default: break;
        }
        fail("unexpected " + describe(t));
    }

    ExprPtr parsePostfix(ExprPtr node)
    {
        for (;;) {
            if (isOp(".") || isOp("["))
                node = parseSubscript(std::move(node));
            else if (isOp("("))
                node = parseCall(std::move(node));
            else
                return node;
        }
    }

    ExprPtr parseSubscript(ExprPtr node)
    {
        const Token& at = advance();
        if (at.text == ".") {
            const Token& attr = current();
            if (attr.type == TokenType::Name) {
                auto e = makeExpr(Expr::Kind::GetAttr, at);
                e->name = advance().text;
                e->items.push_back(std::move(node));
                return e;
            }
            if (attr.type == TokenType::Integer) {
                auto e = makeExpr(Expr::Kind::GetItem, at);
                e->items.push_back(std::move(node));
                auto index = makeExpr(Expr::Kind::Literal, attr);
                index->literal = advance().literal;
                e->items.push_back(std::move(index));
                return e;
            }
            fail("expected a name or number after '.', got " + describe(attr));
        }
        std::vector<ExprPtr> args;
        while (!isOp("]")) {
            if (!args.empty())
                expectOp(",");
            args.push_back(parseSubscribed());
        }
        advance();
        if (args.size() == 1 && args[0]->kind == Expr::Kind::Slice) {
            args[0]->items.insert(args[0]->items.begin(), std::move(node));
            return std::move(args[0]);
        }
        auto e = makeExpr(Expr::Kind::GetItem, at);
        e->items.push_back(std::move(node));
        if (args.size() == 1) {
            e->items.push_back(std::move(args[0]));
        } else {
            auto tuple = makeExpr(Expr::Kind::Tuple, at);
            tuple->items = std::move(args);
            e->items.push_back(std::move(tuple));
        }
        return e;
    }

    // An index, or a slice start:stop:step with any part left out.
    ExprPtr parseSubscribed()
    {
        const Token& at = current();
        std::vector<ExprPtr> parts;
        if (isOp(":")) {
            advance();
            parts.push_back(nullptr);
        } else {
            ExprPtr e = parseExpression(true);
            if (!isOp(":"))
                return e;
            advance();
            parts.push_back(std::move(e));
        }
        const auto partEnds = [&] { return isOp("]") || isOp(",") || isOp(":"); };
        parts.push_back(partEnds() ? nullptr : parseExpression(true));
        if (skipOp(":"))
            parts.push_back(isOp("]") || isOp(",") ? nullptr : parseExpression(true));
        else
            parts.push_back(nullptr);
        auto slice = makeExpr(Expr::Kind::Slice, at);
        slice->items = std::move(parts);
        return slice;
    }

    void parseCallArgs(Expr& e)
    {
        expectOp("(");
        bool first = true;
        while (!isOp(")")) {
            if (!first)
                expectOp(",");
            first = false;
            if (isOp(")"))
                break;
            if (isOp("*") || isOp("**"))
                fail("*args and **kwargs in calls are not supported");
            if (current().type == TokenType::Name && peek().type == TokenType::Operator && peek().text == "=") {
                std::string key = advance().text;
                advance();
                e.keywords.emplace_back(std::move(key), parseExpression(true));
            } else {
                if (!e.keywords.empty())
                    fail("a positional argument follows a keyword argument");
                e.items.push_back(parseExpression(true));
            }
        }
        advance();
    }

    ExprPtr parseCall(ExprPtr node)
    {
        auto e = makeExpr(Expr::Kind::Call, current());
        e->items.push_back(std::move(node));
        parseCallArgs(*e);
        return e;
    }

    std::string parseDottedName()
    {
        std::string name = expectName();
        while (isOp(".") && peek().type == TokenType::Name) {
            advance();
            name += "." + advance().text;
        }
        return name;
    }

    // Filters, tests and calls after a value; `node` null: a filter block's input. A
    // filter block starts with the filter name, without the "|".
    ExprPtr parseFilters(ExprPtr node, bool startsWithPipe = true)
    {
        bool needPipe = startsWithPipe;
        for (;;) {
            if (!needPipe || isOp("|")) {
                if (needPipe)
                    advance();
                needPipe = true;
                const Token& nameToken = current();
                auto e = makeExpr(Expr::Kind::Filter, nameToken);
                e->name = parseDottedName();
                if (!isKnownFilter(e->name))
                    failAt(nameToken, "unknown filter '" + e->name + "'");
                e->items.push_back(std::move(node));
                if (isOp("("))
                    parseCallArgs(*e);
                node = std::move(e);
            } else if (isName("is") && node) {
                node = parseTest(std::move(node));
            } else if (isOp("(") && node) {
                node = parseCall(std::move(node));
            } else {
                return node;
            }
        }
    }

    ExprPtr parseTest(ExprPtr node)
    {
        advance();
        const bool negated = skipName("not");
        const Token& nameToken = current();
        auto e = makeExpr(Expr::Kind::Test, nameToken);
        e->name = parseDottedName();
        if (!isKnownTest(e->name))
            failAt(nameToken, "unknown test '" + e->name + "'");
        e->items.push_back(std::move(node));
        const Token& t = current();
        if (isOp("(")) {
            parseCallArgs(*e);
        } else if ((t.type == TokenType::Name || t.type == TokenType::String || t.type == TokenType::Integer ||
                    t.type == TokenType::Float || isOp("[") || isOp("{")) &&
                   !isName("else") && !isName("or") && !isName("and")) {
            if (isName("is"))
                fail("tests cannot be chained with 'is'");
            e->items.push_back(parsePostfix(parsePrimary()));
        }
        if (!negated)
            return e;
        auto n = makeExpr(Expr::Kind::Not, nameToken);
        n->items.push_back(std::move(e));
        return n;
    }
};

} // namespace

Body parseTemplate(const std::vector<Token>& tokens, const std::string& origin)
{
    return Parser(tokens, origin).parseAll();
}

} // namespace lw::jinja
