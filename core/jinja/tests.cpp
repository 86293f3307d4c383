// jinja2's tests (`value is defined`, `value is string`, ...), with Python's types:
// a bool is a number, a dict is a sequence, Undefined is iterable.
#include "core/jinja/builtins.h"
#include "core/jinja/number.h"
#include "core/jinja/unicode_text.h"

#include <algorithm>
#include <cmath>

namespace lw::jinja {
namespace {

const char* const kTests[] = {"defined", "undefined", "none", "string", "mapping", "iterable", "number", "integer",
                              "float", "sequence", "boolean", "true", "false", "odd", "even", "divisibleby", "eq",
                              "equalto", "==", "ne", "!=", "lt", "lessthan", "<", "le", "<=", "gt", "greaterthan",
                              ">", "ge", ">=", "in", "lower", "upper", "callable", "sameas", "escaped"};

const Value& argument(const CallArgs& args, const std::string& test)
{
    if (args.positional.empty())
        throw BuiltinError("the test '" + test + "' needs an argument");
    return args.positional[0];
}

} // namespace

bool isKnownTest(const std::string& name)
{
    return std::any_of(std::begin(kTests), std::end(kTests), [&](const char* t) { return name == t; });
}

bool applyTest(const std::string& name, const Value& v, const CallArgs& args)
{
    if (name == "defined")
        return !v.isUndefined();
    if (name == "undefined")
        return v.isUndefined();
    if (name == "none")
        return v.isNone();
    if (name == "string")
        return v.isString();
    if (name == "mapping")
        return v.isDict();
    if (name == "iterable")
        return v.isUndefined() || v.isString() || v.isList() || v.isDict();
    if (name == "sequence")
        return v.isString() || v.isList() || v.isDict();
    if (name == "number")
        return isNumeric(v);
    if (name == "integer")
        return v.isData() && v.data.is_number_integer();
    if (name == "float")
        return v.isData() && v.data.is_number_float();
    if (name == "boolean")
        return v.isBool();
    if (name == "true")
        return v.isBool() && v.data.get<bool>();
    if (name == "false")
        return v.isBool() && !v.data.get<bool>();
    if (name == "callable")
        return v.kind == Value::Kind::Callable;
    if (name == "escaped")
        return false;
    if (name == "odd" || name == "even") {
        if (v.isUndefined())
            throwUndefined(v);
        const Value rest = applyBinary("%", v, Value(int64_t(2)), RenderLimits{});
        return pythonEquals(rest, Value(int64_t(name == "odd" ? 1 : 0)));
    }
    if (name == "divisibleby")
        return pythonEquals(applyBinary("%", v, argument(args, name), RenderLimits{}), Value(int64_t(0)));
    if (name == "lower" || name == "upper") {
        const std::string text = toPythonStr(v);
        const std::string lower = pythonLower(text), upper = pythonUpper(text);
        // Python: at least one cased character, and none of the other case.
        return lower != upper && text == (name == "lower" ? lower : upper);
    }
    if (name == "sameas") {
        const Value& other = argument(args, name);
        return (v.isNone() && other.isNone()) ||
               (v.isBool() && other.isBool() && v.data.get<bool>() == other.data.get<bool>()) ||
               (v.isUndefined() && other.isUndefined());
    }
    const Value& other = argument(args, name);
    if (name == "eq" || name == "equalto" || name == "==")
        return applyCompare("==", v, other);
    if (name == "ne" || name == "!=")
        return applyCompare("!=", v, other);
    if (name == "lt" || name == "lessthan" || name == "<")
        return applyCompare("<", v, other);
    if (name == "le" || name == "<=")
        return applyCompare("<=", v, other);
    if (name == "gt" || name == "greaterthan" || name == ">")
        return applyCompare(">", v, other);
    if (name == "ge" || name == ">=")
        return applyCompare(">=", v, other);
    return applyCompare("in", v, other); // "in"
}

} // namespace lw::jinja
