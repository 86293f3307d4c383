// Bad templates and hostile ones: each refusal is one lw::Error naming the template,
// the line and the column (counted in characters from 1), and the caps on output,
// loop iterations, macro recursion and nesting hold.
#include "core/jinja/template.h"
#include "core/util/error.h"
#include "test_registry.h"

#include <QtTest>

using lw::jinja::Json;
using lw::jinja::Template;

namespace {

std::string renderError(const std::string& source, const Json& context = Json::object(),
                        const lw::jinja::RenderLimits* limits = nullptr)
{
    try {
        Template t = Template::parse(source, "tokenizer_config.json chat_template");
        if (limits)
            t.setLimits(*limits);
        t.renderOrdered(context);
    } catch (const lw::Error& e) {
        return e.what();
    }
    return "(no error)";
}

} // namespace

class TestJinjaErrors : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void errorsNameLineAndColumn_data();
    void errorsNameLineAndColumn();
    void raiseExceptionCarriesTheMessage();
    void limitsStopHostileTemplates();
    void generationSpansMarkTheAnswer();
};

void TestJinjaErrors::errorsNameLineAndColumn_data()
{
    QTest::addColumn<QString>("source");
    QTest::addColumn<QString>("expected");
    const QString at = "tokenizer_config.json chat_template: ";
    // Columns by hand: "{{ x | foo }}" puts foo at character 8.
    QTest::newRow("unknown filter") << "{{ x | foo }}" << at + "line 1, column 8: unknown filter 'foo'";
    QTest::newRow("unknown filter, line 3") << "a\nb\n  {{ m | trim | fooo }}" << at + "line 3, column 17: unknown filter 'fooo'";
    QTest::newRow("unknown test") << "{% if x is shiny %}{% endif %}" << at + "line 1, column 12: unknown test 'shiny'";
    QTest::newRow("unknown tag") << "ok\n{% include 'x' %}" << at + "line 2, column 4: unknown tag 'include'";
    // The end of the template lies after the 7 characters of line 2.
    QTest::newRow("unclosed for") << "{% for m in messages %}\n{{ m }}" << at + "line 2, column 8: unexpected end of template: expected 'endfor'";
    QTest::newRow("stray endif") << "x {% endif %}" << at + "line 1, column 6: unexpected 'endif': no block is open that it could close";
    QTest::newRow("unclosed print") << "héllo {{ name " << at + "line 1, column 7: unexpected end of template: the print tag is not closed";
    QTest::newRow("unclosed comment") << "a {# note" << at + "line 1, column 3: missing end of comment tag";
    QTest::newRow("unbalanced bracket") << "{{ [1, 2) }}" << at + "line 1, column 9: unexpected ')', expected ']'";
    QTest::newRow("bad character") << "{{ a $ b }}" << at + "line 1, column 6: unexpected character '$'";
    QTest::newRow("unterminated string") << "{{ 'abc }}" << at + "line 1, column 4: unterminated string: missing closing '";
    QTest::newRow("break outside loop") << "{% break %}" << at + "line 1, column 4: 'break' outside a loop";
    QTest::newRow("missing expression") << "{{ }}" << at + "line 1, column 4: expected an expression, got end of print statement";
    // Rendering errors point at the operation.
    QTest::newRow("undefined attribute") << "\n  {{ nope.role }}" << at + "line 2, column 10: 'nope' is undefined";
    QTest::newRow("type error") << "{{ 1 + 'a' }}" << at + "line 1, column 6: unsupported operand type(s) for +: 'int' and 'str'";
    QTest::newRow("division by zero") << "{{ 10 // 0 }}" << at + "line 1, column 7: integer division or modulo by zero";
    QTest::newRow("not iterable") << "{% for x in 5 %}{% endfor %}" << at + "line 1, column 13: 'int' object is not iterable";
    QTest::newRow("overflow") << "{{ 2 ** 70 }}" << at + "line 1, column 6: integer result does not fit in 64 bits";
    QTest::newRow("not a namespace") << "{% set d = 1 %}{% set d.x = 2 %}" << at + "line 1, column 19: cannot assign attribute on non-namespace object 'd'";
}

void TestJinjaErrors::errorsNameLineAndColumn()
{
    QFETCH(QString, source);
    QFETCH(QString, expected);
    QCOMPARE(QString::fromStdString(renderError(source.toStdString())), expected);
}

void TestJinjaErrors::raiseExceptionCarriesTheMessage()
{
    // The error points at the call's "(": two spaces, "{{ ", 15 letters, so column 21.
    const std::string source = "{% if messages[0].role != 'user' %}\n"
                               "  {{ raise_exception('Conversations must start with a user turn, not ' ~ messages[0].role) }}\n"
                               "{% endif %}ok";
    const Json system = Json::parse(R"({"messages": [{"role": "system", "content": "x"}]})");
    QCOMPARE(QString::fromStdString(renderError(source, system)),
             QString("tokenizer_config.json chat_template: line 2, column 21: "
                     "Conversations must start with a user turn, not system"));
    const Json user = Json::parse(R"({"messages": [{"role": "user", "content": "x"}]})");
    QCOMPARE(QString::fromStdString(Template::parse(source, "t").renderOrdered(user)), QString("ok"));
}

void TestJinjaErrors::limitsStopHostileTemplates()
{
    lw::jinja::RenderLimits limits;
    limits.maxOutputBytes = 1000;
    limits.maxLoopIterations = 500;
    limits.maxCallDepth = 10;
    // 999 bytes pass, 1001 do not.
    QCOMPARE(QString::fromStdString(renderError("{{ 'x' * 999 }}", {}, &limits)), QString("(no error)"));
    QVERIFY(renderError("{% for i in range(1001) %}x{% endfor %}", {}, &limits).find("limit of 500 iterations") != std::string::npos ||
            renderError("{% for i in range(1001) %}x{% endfor %}", {}, &limits).find("range() is longer") != std::string::npos);
    QVERIFY(renderError("{% for i in range(400) %}{% for j in range(2) %}{% endfor %}{% endfor %}", {}, &limits)
                .find("the loops ran past the limit of 500 iterations") != std::string::npos);
    QVERIFY(renderError("{% for i in range(300) %}{{ 'abcd' }}{% endfor %}", {}, &limits)
                .find("the output grew past the limit of 1000 bytes") != std::string::npos);
    QVERIFY(renderError("{{ 'ab' * 100000 }}", {}, &limits).find("past the limit of 1000 bytes") != std::string::npos);
    QVERIFY(renderError("{% set s = 'x' * 900 %}{{ s ~ s }}", {}, &limits).find("past the limit of 1000 bytes") != std::string::npos);
    QVERIFY(renderError("{{ ('x' * 600) | replace('x', 'yy') }}", {}, &limits).find("past the limit") != std::string::npos);
    // A macro that calls itself forever stops at the depth cap.
    QVERIFY(renderError("{% macro f(n) %}{{ f(n + 1) }}{% endmacro %}{{ f(0) }}", {}, &limits)
                .find("macros call each other deeper than 10 levels") != std::string::npos);
    // Nesting that would exhaust the parser's stack is refused while parsing.
    QVERIFY(renderError("{{ " + std::string(5000, '(') + "1" + std::string(5000, ')') + " }}").find("nests deeper than") != std::string::npos);
    QVERIFY(renderError(std::string(3000, '[') ).find("(no error)") != std::string::npos); // plain text
    std::string deepIf;
    for (int i = 0; i < 1000; ++i)
        deepIf += "{% if true %}";
    QVERIFY(renderError(deepIf).find("nests deeper than") != std::string::npos);
}

void TestJinjaErrors::generationSpansMarkTheAnswer()
{
    const Template t = Template::parse("{% for m in messages %}<{{ m.role }}>{% if m.role == 'assistant' %}"
                                       "{% generation %}{{ m.content }}</s>{% endgeneration %}{% else %}{{ m.content }}"
                                       "{% endif %}{% endfor %}",
                                       "t");
    const Json context = Json::parse(R"({"messages": [{"role": "user", "content": "hỏi"},
        {"role": "assistant", "content": "đáp"}, {"role": "user", "content": "q"}, {"role": "assistant", "content": "a"}]})");
    std::vector<lw::jinja::GenerationSpan> spans;
    const std::string out = t.renderOrdered(context, &spans);
    QCOMPARE(QString::fromStdString(out), QString("<user>hỏi<assistant>đáp</s><user>q<assistant>a</s>"));
    QCOMPARE(spans.size(), size_t(2));
    QCOMPARE(QString::fromStdString(out.substr(spans[0].begin, spans[0].end - spans[0].begin)), QString("đáp</s>"));
    QCOMPARE(QString::fromStdString(out.substr(spans[1].begin, spans[1].end - spans[1].begin)), QString("a</s>"));
}

LW_TEST_GUILESS_MAIN(TestJinjaErrors)
#include "test_jinja_errors.moc"
