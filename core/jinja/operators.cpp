// Python's arithmetic, concatenation and ordering on template values.
#include "core/jinja/builtins.h"
#include "core/jinja/number.h"

#include <cmath>

namespace lw::jinja {
namespace {

[[noreturn]] void unsupported(const std::string& op, const Value& a, const Value& b)
{
    throw BuiltinError("unsupported operand type(s) for " + op + ": '" + pythonTypeName(a) + "' and '" +
                       pythonTypeName(b) + "'");
}

void checkOverflow(bool overflow)
{
    if (overflow)
        throw BuiltinError("integer result does not fit in 64 bits");
}

Value repeat(const Value& sequence, int64_t times, const RenderLimits& limits)
{
    times = std::max<int64_t>(times, 0);
    if (sequence.isString()) {
        const std::string& s = sequence.data.get_ref<const std::string&>();
        if (!s.empty())
            checkStringSize(s.size() * static_cast<size_t>(std::min<int64_t>(times, int64_t(limits.maxOutputBytes) + 1)), limits);
        std::string out;
        for (int64_t i = 0; i < times && !s.empty(); ++i)
            out += s;
        return Value(out);
    }
    if (!sequence.data.empty() && times > int64_t(limits.maxOutputBytes / sequence.data.size()))
        throw BuiltinError("a list would grow past the limit of " + std::to_string(limits.maxOutputBytes) + " items");
    Json out = Json::array();
    for (int64_t i = 0; i < times; ++i)
        for (const auto& item : sequence.data)
            out.push_back(item);
    return Value(std::move(out));
}

double floorDivide(double a, double b)
{
    return std::floor(a / b);
}

Value arithmetic(const std::string& op, const Value& a, const Value& b)
{
    if (isIntLike(a) && isIntLike(b)) {
        const int64_t x = asInt(a), y = asInt(b);
        int64_t r = 0;
        if (op == "+" || op == "-" || op == "*") {
            checkOverflow(op == "+" ? __builtin_add_overflow(x, y, &r)
                          : op == "-" ? __builtin_sub_overflow(x, y, &r) : __builtin_mul_overflow(x, y, &r));
            return Value(r);
        }
        if (y == 0 && op != "**")
            throw BuiltinError(op == "/" ? "division by zero" : "integer division or modulo by zero");
        if (op == "/")
            return Value(double(x) / double(y));
        if (op == "//" || op == "%") {
            if (x == INT64_MIN && y == -1)
                throw BuiltinError("integer result does not fit in 64 bits");
            int64_t q = x / y, m = x % y;
            if (m != 0 && ((m < 0) != (y < 0))) {
                --q;
                m += y;
            }
            return Value(op == "//" ? q : m);
        }
        // **
        if (y < 0) {
            if (x == 0)
                throw BuiltinError("0.0 cannot be raised to a negative power");
            return Value(std::pow(double(x), double(y)));
        }
        int64_t result = 1;
        for (int64_t i = 0; i < y; ++i) {
            checkOverflow(__builtin_mul_overflow(result, x, &result));
            if (result == 0 || result == 1 || (result == -1 && x == -1 && i > 64))
                break;
        }
        if (x == -1)
            result = (y % 2) ? -1 : 1;
        return Value(result);
    }
    const double x = asDouble(a), y = asDouble(b);
    if (op == "+")
        return Value(x + y);
    if (op == "-")
        return Value(x - y);
    if (op == "*")
        return Value(x * y);
    if (op == "**") {
        if (x == 0 && y < 0)
            throw BuiltinError("0.0 cannot be raised to a negative power");
        return Value(std::pow(x, y));
    }
    if (y == 0)
        throw BuiltinError(op == "/" ? "float division by zero" : op == "//" ? "float floor division by zero" : "float modulo");
    if (op == "/")
        return Value(x / y);
    if (op == "//")
        return Value(floorDivide(x, y));
    double m = std::fmod(x, y);
    if (m != 0 && ((m < 0) != (y < 0)))
        m += y;
    else if (m == 0)
        m = std::copysign(0.0, y);
    return Value(m);
}

int compareJson(const Value& a, const Value& b, const std::string& op)
{
    if (isNumeric(a) && isNumeric(b)) {
        if (isIntLike(a) && isIntLike(b))
            return asInt(a) < asInt(b) ? -1 : asInt(a) > asInt(b) ? 1 : 0;
        const double x = asDouble(a), y = asDouble(b);
        return x < y ? -1 : x > y ? 1 : 0;
    }
    if (a.isString() && b.isString()) {
        const int c = a.data.get_ref<const std::string&>().compare(b.data.get_ref<const std::string&>());
        return c < 0 ? -1 : c > 0 ? 1 : 0;
    }
    if (a.isList() && b.isList()) {
        const size_t n = std::min(a.data.size(), b.data.size());
        for (size_t i = 0; i < n; ++i) {
            const Value x(a.data[i]), y(b.data[i]);
            if (!pythonEquals(x, y))
                return compareJson(x, y, op);
        }
        return a.data.size() < b.data.size() ? -1 : a.data.size() > b.data.size() ? 1 : 0;
    }
    throw BuiltinError("'" + op + "' not supported between instances of '" + pythonTypeName(a) + "' and '" +
                       pythonTypeName(b) + "'");
}

bool contains(const Value& container, const Value& item)
{
    if (container.isUndefined())
        return false;
    if (container.isString()) {
        if (!item.isString())
            throw BuiltinError("'in <string>' requires string as left operand, not " + pythonTypeName(item));
        return container.data.get_ref<const std::string&>().find(item.data.get_ref<const std::string&>()) != std::string::npos;
    }
    if (container.isDict())
        return item.isString() && container.data.contains(item.data.get<std::string>());
    if (container.isList()) {
        for (const auto& element : container.data)
            if (pythonEquals(Value(element), item))
                return true;
        return false;
    }
    if (container.kind == Value::Kind::Namespace)
        throw BuiltinError("argument of type 'Namespace' is not iterable");
    throw BuiltinError("argument of type '" + pythonTypeName(container) + "' is not iterable");
}

} // namespace

Value applyBinary(const std::string& op, const Value& left, const Value& right, const RenderLimits& limits)
{
    if (op == "~") {
        std::string out = toPythonStr(left);
        const std::string tail = toPythonStr(right);
        checkStringSize(out.size() + tail.size(), limits);
        return Value(out + tail);
    }
    if (left.isUndefined())
        throwUndefined(left);
    if (right.isUndefined())
        throwUndefined(right);
    if (isNumeric(left) && isNumeric(right))
        return arithmetic(op, left, right);
    if (op == "+" && ((left.isString() && right.isString()) || (left.isList() && right.isList()))) {
        if (left.isString()) {
            checkStringSize(left.data.get_ref<const std::string&>().size() + right.data.get_ref<const std::string&>().size(), limits);
            return Value(left.data.get<std::string>() + right.data.get<std::string>());
        }
        Json out = left.data;
        for (const auto& item : right.data)
            out.push_back(item);
        return Value(std::move(out));
    }
    if (op == "*" && (left.isString() || left.isList()) && isIntLike(right))
        return repeat(left, asInt(right), limits);
    if (op == "*" && (right.isString() || right.isList()) && isIntLike(left))
        return repeat(right, asInt(left), limits);
    if (op == "%" && left.isString())
        throw BuiltinError("printf-style formatting of strings with % is not supported");
    unsupported(op, left, right);
}

bool applyCompare(const std::string& op, const Value& left, const Value& right)
{
    if (op == "==")
        return pythonEquals(left, right);
    if (op == "!=")
        return !pythonEquals(left, right);
    if (op == "in")
        return contains(right, left);
    if (op == "notin")
        return !contains(right, left);
    if (left.isUndefined())
        throwUndefined(left);
    if (right.isUndefined())
        throwUndefined(right);
    if (!left.isData() || !right.isData())
        throw BuiltinError("'" + op + "' not supported between instances of '" + pythonTypeName(left) + "' and '" +
                           pythonTypeName(right) + "'");
    const int c = compareJson(left, right, op);
    if (op == "<")
        return c < 0;
    if (op == "<=")
        return c <= 0;
    if (op == ">")
        return c > 0;
    return c >= 0;
}

} // namespace lw::jinja
