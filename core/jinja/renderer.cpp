#include "core/jinja/renderer.h"

#include "core/jinja/builtins.h"
#include "core/jinja/globals.h"
#include "core/jinja/lexer.h"
#include "core/jinja/number.h"

#include <map>
#include <memory>

namespace lw::jinja {
namespace {

using Scope = std::map<std::string, Value>;
using ScopeStack = std::vector<std::shared_ptr<Scope>>;

// Statements and expressions nested through macro calls; well under what the stack holds.
constexpr int kMaxEvalDepth = 3000;

class Renderer {
public:
    Renderer(const std::string& origin, const Json& context, const RenderLimits& limits, std::vector<GenerationSpan>* spans)
        : m_origin(origin), m_context(context), m_limits(limits), m_spans(spans)
    {
        m_scopes.push_back(std::make_shared<Scope>());
    }

    std::string run(const Body& body)
    {
        std::string out;
        m_out = &out;
        m_main = &out;
        execBody(body);
        return out;
    }

private:
    enum class Flow { Normal, Break, Continue };

    const std::string& m_origin;
    const Json& m_context;
    const RenderLimits& m_limits;
    std::vector<GenerationSpan>* m_spans;
    ScopeStack m_scopes;
    std::string* m_out = nullptr;
    std::string* m_main = nullptr;
    size_t m_written = 0;
    int64_t m_iterations = 0;
    int m_callDepth = 0;
    int m_depth = 0;

    struct DepthGuard {
        Renderer& r;
        DepthGuard(Renderer& renderer, int line, int column) : r(renderer)
        {
            if (++r.m_depth > kMaxEvalDepth)
                throwAt(r.m_origin, line, column, "the template nests too deeply while rendering");
        }
        ~DepthGuard() { --r.m_depth; }
    };

    template <typename F>
    auto at(int line, int column, F&& f) -> decltype(f())
    {
        try {
            return f();
        } catch (const BuiltinError& e) {
            throwAt(m_origin, line, column, e.what());
        }
    }

    void emit(const std::string& text, int line, int column)
    {
        m_written += text.size();
        if (m_written > m_limits.maxOutputBytes)
            throwAt(m_origin, line, column,
                    "the output grew past the limit of " + std::to_string(m_limits.maxOutputBytes) + " bytes");
        m_out->append(text);
    }

    // ---- names ----

    Value lookup(const std::string& name) const
    {
        for (auto it = m_scopes.rbegin(); it != m_scopes.rend(); ++it) {
            auto found = (*it)->find(name);
            if (found != (*it)->end())
                return found->second;
        }
        if (m_context.is_object()) {
            auto found = m_context.find(name);
            if (found != m_context.end())
                return Value(*found);
        }
        Value global = globalFunction(name, m_limits);
        if (global.kind == Value::Kind::Callable)
            return global;
        return Value::undefined("'" + name + "' is undefined");
    }

    void assign(const std::string& name, Value value) { (*m_scopes.back())[name] = std::move(value); }

    void assignTargets(const std::vector<std::string>& targets, const Value& value, int line, int column)
    {
        if (targets.size() == 1) {
            assign(targets[0], value);
            return;
        }
        const std::vector<Value> items = at(line, column, [&] { return iterateValue(value); });
        if (items.size() != targets.size())
            throwAt(m_origin, line, column,
                    std::string(items.size() > targets.size() ? "too many" : "not enough") + " values to unpack (expected " +
                        std::to_string(targets.size()) + ", got " + std::to_string(items.size()) + ")");
        for (size_t i = 0; i < targets.size(); ++i)
            assign(targets[i], items[i]);
    }

    // ---- statements ----

    Flow execBody(const Body& body)
    {
        for (const NodePtr& node : body) {
            const Flow flow = exec(*node);
            if (flow != Flow::Normal)
                return flow;
        }
        return Flow::Normal;
    }

    std::string capture(const Body& body)
    {
        std::string buffer;
        std::string* saved = m_out;
        m_out = &buffer;
        try {
            execBody(body);
        } catch (...) {
            m_out = saved;
            throw;
        }
        m_out = saved;
        return buffer;
    }

    Flow exec(const Node& n)
    {
        DepthGuard guard(*this, n.line, n.column);
        switch (n.kind) {
        case Node::Kind::Text: emit(n.text, n.line, n.column); return Flow::Normal;
        case Node::Kind::Output: {
            const Value v = eval(*n.expr);
            emit(toPythonStr(v), n.line, n.column);
            return Flow::Normal;
        }
        case Node::Kind::If:
            for (size_t i = 0; i < n.bodies.size(); ++i)
                if (i >= n.conditions.size() || isTruthy(eval(*n.conditions[i])))
                    return execBody(n.bodies[i]);
            return Flow::Normal;
        case Node::Kind::For: execFor(n); return Flow::Normal;
        case Node::Kind::Set: execSet(n); return Flow::Normal;
        case Node::Kind::SetBlock: {
            Value text(capture(n.bodies[0]));
            if (n.expr)
                text = evalFilterChain(*n.expr, text);
            assign(n.targets[0], text);
            return Flow::Normal;
        }
        case Node::Kind::Macro: assign(n.name, makeMacro(n, nullptr)); return Flow::Normal;
        case Node::Kind::CallBlock: {
            // The call's target gets the block as its `caller` argument.
            const Expr& call = *n.expr;
            const Value callee = eval(*call.items[0]);
            CallArgs args = evalArgs(call, 1);
            args.keyword.emplace_back("caller", makeMacro(n, &m_scopes));
            const Value result = at(call.line, call.column, [&] {
                if (callee.kind != Value::Kind::Callable)
                    throw BuiltinError("'" + pythonTypeName(callee) + "' object is not callable");
                return (*callee.function)(args);
            });
            emit(toPythonStr(result), n.line, n.column);
            return Flow::Normal;
        }
        case Node::Kind::FilterBlock:
            emit(toPythonStr(evalFilterChain(*n.expr, Value(capture(n.bodies[0])))), n.line, n.column);
            return Flow::Normal;
        case Node::Kind::Generation: {
            const size_t begin = m_out->size();
            const Flow flow = execBody(n.bodies[0]);
            if (m_spans && m_out == m_main)
                m_spans->push_back({begin, m_out->size()});
            return flow;
        }
        case Node::Kind::Break: return Flow::Break;
        case Node::Kind::Continue: return Flow::Continue;
        }
        return Flow::Normal;
    }

    void execSet(const Node& n)
    {
        const Value value = eval(*n.expr);
        if (n.attribute.empty()) {
            assignTargets(n.targets, value, n.line, n.column);
            return;
        }
        const Value target = lookup(n.targets[0]);
        if (target.kind != Value::Kind::Namespace)
            throwAt(m_origin, n.line, n.column, "cannot assign attribute on non-namespace object '" + n.targets[0] + "'");
        for (auto& [key, item] : *target.attributes)
            if (key == n.attribute) {
                item = value;
                return;
            }
        target.attributes->emplace_back(n.attribute, value);
    }

    void execFor(const Node& n)
    {
        const Value iterable = eval(*n.expr);
        const std::vector<Value> all = at(n.expr->line, n.expr->column, [&] { return iterateValue(iterable); });
        std::vector<Value> items;
        if (n.condition) {
            // The loop's `if` filters before loop.index and loop.length count.
            for (const Value& item : all) {
                m_scopes.push_back(std::make_shared<Scope>());
                assignTargets(n.targets, item, n.line, n.column);
                const bool keep = isTruthy(eval(*n.condition));
                m_scopes.pop_back();
                if (keep)
                    items.push_back(item);
            }
        } else {
            items = all;
        }
        const int64_t length = int64_t(items.size());
        for (int64_t i = 0; i < length; ++i) {
            if (++m_iterations > m_limits.maxLoopIterations)
                throwAt(m_origin, n.line, n.column,
                        "the loops ran past the limit of " + std::to_string(m_limits.maxLoopIterations) + " iterations");
            Json loop = {{"index", i + 1}, {"index0", i}, {"revindex", length - i}, {"revindex0", length - i - 1},
                         {"first", i == 0}, {"last", i == length - 1}, {"length", length}, {"depth", 1}, {"depth0", 0}};
            if (i > 0 && items[size_t(i - 1)].isData())
                loop["previtem"] = items[size_t(i - 1)].data;
            if (i + 1 < length && items[size_t(i + 1)].isData())
                loop["nextitem"] = items[size_t(i + 1)].data;
            m_scopes.push_back(std::make_shared<Scope>());
            Flow flow = Flow::Normal;
            try {
                assign("loop", Value(std::move(loop)));
                assignTargets(n.targets, items[size_t(i)], n.line, n.column);
                flow = execBody(n.bodies[0]);
            } catch (...) {
                m_scopes.pop_back();
                throw;
            }
            m_scopes.pop_back();
            if (flow == Flow::Break)
                break;
        }
        if (length == 0 && n.bodies.size() > 1)
            execBody(n.bodies[1]);
    }

    // A macro, or (with `callSite`) the body of a call block as `caller`.
    Value makeMacro(const Node& n, const ScopeStack* callSite)
    {
        const ScopeStack outer = callSite ? *callSite : ScopeStack{m_scopes.front()};
        const Node* node = &n;
        const std::string name = callSite ? "caller" : n.name;
        return Value::callable(name, [this, node, outer, name](CallArgs& args) {
            return callMacro(*node, outer, name, args);
        });
    }

    Value callMacro(const Node& n, const ScopeStack& outer, const std::string& name, CallArgs& args)
    {
        if (args.positional.size() > n.targets.size())
            throw BuiltinError("macro '" + name + "' takes not more than " + std::to_string(n.targets.size()) +
                               " argument(s)");
        if (m_callDepth >= m_limits.maxCallDepth)
            throw BuiltinError("macros call each other deeper than " + std::to_string(m_limits.maxCallDepth) + " levels");
        auto local = std::make_shared<Scope>();
        for (size_t i = 0; i < n.targets.size(); ++i) {
            if (i < args.positional.size())
                (*local)[n.targets[i]] = args.positional[i];
        }
        for (const auto& [key, value] : args.keyword) {
            if (key != "caller" && std::find(n.targets.begin(), n.targets.end(), key) == n.targets.end())
                throw BuiltinError("macro '" + name + "' takes no keyword argument '" + key + "'");
            (*local)[key] = value;
        }
        ScopeStack saved = std::move(m_scopes);
        m_scopes = outer;
        m_scopes.push_back(local);
        ++m_callDepth;
        std::string text;
        try {
            for (size_t i = 0; i < n.targets.size(); ++i)
                if (!local->count(n.targets[i]))
                    (*local)[n.targets[i]] = n.defaults[i] ? eval(*n.defaults[i])
                                                           : Value::undefined("'" + n.targets[i] + "' is undefined");
            text = capture(n.bodies[0]);
        } catch (...) {
            --m_callDepth;
            m_scopes = std::move(saved);
            throw;
        }
        --m_callDepth;
        m_scopes = std::move(saved);
        return Value(text);
    }

    // ---- expressions ----

    CallArgs evalArgs(const Expr& e, size_t firstPositional)
    {
        CallArgs args;
        for (size_t i = firstPositional; i < e.items.size(); ++i)
            args.positional.push_back(eval(*e.items[i]));
        for (const auto& [key, value] : e.keywords)
            args.keyword.emplace_back(key, eval(*value));
        return args;
    }

    // A filter chain whose innermost input is `input` (filter blocks, set blocks).
    Value evalFilterChain(const Expr& e, const Value& input)
    {
        const Value inner = e.items[0] ? evalFilterChain(*e.items[0], input) : input;
        const CallArgs args = evalArgs(e, 1);
        return at(e.line, e.column, [&] { return applyFilter(e.name, inner, args, m_limits); });
    }

    Json collect(const Expr& e)
    {
        Json out = Json::array();
        for (const ExprPtr& item : e.items) {
            const Value v = eval(*item);
            out.push_back(at(item->line, item->column, [&] { return toData(v, "in a list"); }));
        }
        return out;
    }

    Value eval(const Expr& e)
    {
        DepthGuard guard(*this, e.line, e.column);
        switch (e.kind) {
        case Expr::Kind::Literal: return Value(e.literal);
        case Expr::Kind::Name: return lookup(e.name);
        case Expr::Kind::List:
        case Expr::Kind::Tuple: return Value(collect(e));
        case Expr::Kind::Dict: {
            Json out = Json::object();
            for (size_t i = 0; i + 1 < e.items.size(); i += 2) {
                const Value key = eval(*e.items[i]);
                const Value value = eval(*e.items[i + 1]);
                if (!key.isString())
                    throwAt(m_origin, e.items[i]->line, e.items[i]->column, "dict keys must be strings here");
                out[key.data.get<std::string>()] = at(e.line, e.column, [&] { return toData(value, "in a dict"); });
            }
            return Value(std::move(out));
        }
        case Expr::Kind::GetAttr: {
            const Value object = eval(*e.items[0]);
            return at(e.line, e.column, [&] { return getAttribute(object, e.name); });
        }
        case Expr::Kind::GetItem: {
            const Value object = eval(*e.items[0]);
            const Value key = eval(*e.items[1]);
            return at(e.line, e.column, [&] { return getItem(object, key); });
        }
        case Expr::Kind::Slice: {
            const Value object = eval(*e.items[0]);
            Value parts[3];
            for (int i = 0; i < 3; ++i)
                if (e.items[size_t(i) + 1])
                    parts[i] = eval(*e.items[size_t(i) + 1]);
            return at(e.line, e.column, [&] {
                return getSlice(object, e.items[1] ? &parts[0] : nullptr, e.items[2] ? &parts[1] : nullptr,
                                e.items[3] ? &parts[2] : nullptr);
            });
        }
        case Expr::Kind::Call: {
            const Value callee = eval(*e.items[0]);
            CallArgs args = evalArgs(e, 1);
            return at(e.line, e.column, [&] {
                if (callee.isUndefined())
                    throwUndefined(callee);
                if (callee.kind != Value::Kind::Callable)
                    throw BuiltinError("'" + pythonTypeName(callee) + "' object is not callable");
                return (*callee.function)(args);
            });
        }
        case Expr::Kind::Filter: {
            const Value input = eval(*e.items[0]);
            const CallArgs args = evalArgs(e, 1);
            return at(e.line, e.column, [&] { return applyFilter(e.name, input, args, m_limits); });
        }
        case Expr::Kind::Test: {
            const Value input = eval(*e.items[0]);
            const CallArgs args = evalArgs(e, 1);
            return Value(at(e.line, e.column, [&] { return applyTest(e.name, input, args); }));
        }
        case Expr::Kind::Not: return Value(!isTruthy(eval(*e.items[0])));
        case Expr::Kind::Negate:
        case Expr::Kind::Plus: {
            const Value v = eval(*e.items[0]);
            return at(e.line, e.column, [&] {
                if (v.isUndefined())
                    throwUndefined(v);
                if (!isNumeric(v))
                    throw BuiltinError("bad operand type for unary " + std::string(e.kind == Expr::Kind::Negate ? "-" : "+") +
                                       ": '" + pythonTypeName(v) + "'");
                if (e.kind == Expr::Kind::Plus)
                    return isIntLike(v) ? Value(asInt(v)) : v;
                if (!isIntLike(v))
                    return Value(-asDouble(v));
                return applyBinary("-", Value(int64_t(0)), v, m_limits);
            });
        }
        case Expr::Kind::Binary: {
            const Value left = eval(*e.items[0]);
            const Value right = eval(*e.items[1]);
            return at(e.line, e.column, [&] { return applyBinary(e.name, left, right, m_limits); });
        }
        case Expr::Kind::And: {
            Value left = eval(*e.items[0]);
            return isTruthy(left) ? eval(*e.items[1]) : left;
        }
        case Expr::Kind::Or: {
            Value left = eval(*e.items[0]);
            return isTruthy(left) ? left : eval(*e.items[1]);
        }
        case Expr::Kind::Compare: {
            Value left = eval(*e.items[0]);
            for (size_t i = 0; i < e.ops.size(); ++i) {
                Value right = eval(*e.items[i + 1]);
                if (!at(e.line, e.column, [&] { return applyCompare(e.ops[i], left, right); }))
                    return Value(false);
                left = std::move(right);
            }
            return Value(true);
        }
        case Expr::Kind::Condition:
            if (isTruthy(eval(*e.items[0])))
                return eval(*e.items[1]);
            return e.items[2] ? eval(*e.items[2]) : Value::undefined("the condition was false and there is no else");
        }
        return Value();
    }
};

} // namespace

std::string renderTemplate(const Body& body, const std::string& origin, const Json& context,
                           const RenderLimits& limits, std::vector<GenerationSpan>* spans)
{
    return Renderer(origin, context, limits, spans).run(body);
}

} // namespace lw::jinja
