// Each construct, filter, test and method of lw::jinja against Python's jinja2 with
// transformers' settings: a table of small templates, rendered by both and compared
// byte for byte (or both must refuse).
#include "jinja_reference.h"
#include "test_registry.h"

#include <QtTest>

using lw::jinja::Json;
using lw::test::JinjaCase;

namespace {

Json constructsContext()
{
    return Json::parse(R"({
        "messages": [{"role": "system", "content": "  Be brief.  "},
                     {"role": "user", "content": "Xin chào, bạn khỏe không? 😀"},
                     {"role": "assistant", "content": "Tôi khỏe.", "extra": null}],
        "n": 7, "x": 2.5, "big": 1e20, "tiny": 0.00001, "flag": true, "empty": [], "nothing": null,
        "names": ["Zoë", "adam", "Émile", "bob"],
        "tools": [{"type": "function", "function": {"name": "lookup", "description": "Tra cứu «từ»",
                   "parameters": {"type": "object", "properties": {"q": {"type": "string"}}, "required": ["q"]}}}],
        "words": "  the quick-brown fox (jumps) [over] the lazy dog  "
    })");
}

std::vector<JinjaCase> constructCases()
{
    const Json context = constructsContext();
    std::vector<JinjaCase> cases;
    const auto add = [&](const char* source) { cases.push_back({"case " + std::to_string(cases.size()), source, context}); };
    // Whitespace control, trim_blocks, lstrip_blocks, comments, raw.
    add("a\n  {% if true %}\n  b\n  {% endif %}\nc\n");
    add("a  {%- if true -%}  b  {%- endif -%}  c");
    add("x {{- ' y ' -}} z\n{{ 1 }}\n  {{ 2 }}\n");
    add("line\n    {# a comment #}\n  after {#- trimmed -#}   tail\n");
    add("  {%+ if true %}kept{% endif +%}\nnext");
    add("{% raw %}{{ not evaluated }}{% endraw %}\n{%- raw -%}  x  {%- endraw %}");
    add("\r\nwindows\r\n{% if true %}\r\nline\r\n{% endif %}\r\n");
    add("{% for m in messages %}\n  {{ m.role }}\n{% endfor %}\n");
    add("{{ 'a' }}{% if true %} {% endif %}\t{% if false %}x{% else %}y{% endif %}");
    // Literals and printing like Python's str().
    add("{{ none }} {{ None }} {{ true }} {{ False }} {{ [1, 'a', none, true, 2.0] }} {{ {'k': 'v', 'n': [1]} }}");
    add("{{ 1.0 }} {{ 0.1 + 0.2 }} {{ big }} {{ tiny }} {{ 1e16 }} {{ 1e15 }} {{ 123456789.125 }} {{ -0.0 }} {{ 1_000 }}");
    add("{{ 'esc: \\n\\t\\'q\\' \\\"dq\\\" \\u00e9 \\x41 \\\\ ' }}|{{ \"it's\" }}|{{ ['it\\'s', \"say \\\"hi\\\"\", 'tab\\t'] }}");
    add("{{ 'adjacent' ' strings' }} {{ 0x1F }} {{ 0o17 }} {{ 0b101 }} {{ 2.5e-3 }}");
    add("{{ (1, 2) | list }} {{ () | length }} {{ [1, 2,] }} {{ {'a': 1,} }}");
    // Arithmetic, concatenation, comparisons, logic.
    add("{{ 7 // 2 }} {{ -7 // 2 }} {{ 7 % -3 }} {{ -7 % 3 }} {{ 7 / 2 }} {{ 2 ** 10 }} {{ 2 ** -1 }} {{ 7.5 // 2 }} {{ -7.5 % 2 }}");
    add("{{ 1 + 2 * 3 - 4 }} {{ (1 + 2) * 3 }} {{ 'ab' + 'cd' }} {{ [1] + [2, 3] }} {{ 'ab' * 3 }} {{ 2 * [0] }} {{ true + 1 }}");
    add("{{ 'a' ~ 1 ~ none ~ true ~ [1] ~ undefined_name }} {{ 1 + 2 ~ 3 }} {{ -n }} {{ +x }} {{ - - 3 }}");
    add("{{ 1 < 2 < 3 }} {{ 3 > 2 > 2 }} {{ 1 == 1.0 }} {{ true == 1 }} {{ 'a' < 'b' }} {{ [1, 2] < [1, 3] }} {{ 1 != 2 }}");
    add("{{ 'ell' in 'hello' }} {{ 2 in [1, 2] }} {{ 'role' in messages[0] }} {{ 'x' not in 'abc' }} {{ 3 not in [1] }}");
    add("{{ not true }} {{ not 0 }} {{ 0 or 'fallback' }} {{ 'first' and 'second' }} {{ none or [] }} {{ 1 and 0 }}");
    add("{{ 'yes' if flag else 'no' }} {{ 'yes' if empty else 'no' }} [{{ 'only' if false }}] {{ 1 if false else 2 if true else 3 }}");
    // Attribute, item, slice access.
    add("{{ messages[0]['role'] }} {{ messages[1].content }} {{ messages[-1].role }} {{ messages.0.role }} [{{ messages[0].missing }}]");
    add("{{ messages[1:] | length }} {{ names[::-1] }} {{ names[1:3] }} {{ names[:-1] }} {{ names[::2] }} {{ 'Việt Nam'[1:4] }} {{ 'abc'[::-1] }} {{ 'Việt'[1] }}");
    add("{{ messages[2].extra }} {{ messages[2].extra is none }} {{ messages[9] is defined }} {{ names[10:] }}");
    // for: loop variables, filtering, else, unpacking, break and continue.
    add("{% for m in messages %}{{ loop.index }}/{{ loop.index0 }}/{{ loop.revindex }}/{{ loop.revindex0 }}/{{ loop.length }}/{{ loop.first }}/{{ loop.last }} {% endfor %}");
    add("{% for m in messages if m.role != 'system' %}{{ loop.index }}:{{ m.role }}{{ ',' if not loop.last }}{% endfor %}");
    add("{% for x in empty %}never{% else %}empty list{% endfor %}|{% for x in undefined_name %}a{% else %}b{% endfor %}");
    add("{% for k, v in {'a': 1, 'b': 2}.items() %}{{ k }}={{ v }};{% endfor %}{% for a, b in [[1, 2], [3, 4]] %}{{ a + b }}{% endfor %}");
    add("{% for i in range(10) %}{% if i == 2 %}{% continue %}{% endif %}{% if i > 5 %}{% break %}{% endif %}{{ i }}{% endfor %}");
    add("{% for c in 'Việt' %}[{{ c }}]{% endfor %}{% for k in {'z': 1, 'a': 2} %}{{ k }}{% endfor %}{{ range(2, 11, 3) | list }}{{ range(5, 0, -2) | list }}");
    add("{% for i in [1, 2, 3] %}{{ loop.previtem is defined }}{{ loop.nextitem | default('-') }}{% endfor %}");
    // set, scoping, namespace.
    add("{% set a = 1 %}{% for i in [1, 2, 3] %}{% set a = a + i %}{{ a }}{% endfor %}{{ a }}");
    add("{% set ns = namespace(total=0, seen=false) %}{% for i in [1, 2, 3] %}{% set ns.total = ns.total + i %}{% set ns.seen = true %}{% endfor %}{{ ns.total }} {{ ns.seen }}");
    add("{% set a, b = [1, 2] %}{{ a }}{{ b }}{% set s %}block {{ a }}{% endset %}[{{ s }}]{% set t | upper %}shout{% endset %}{{ t }}");
    add("{% if true %}{% set inner = 'visible' %}{% endif %}{{ inner }}");
    add("{% set ns = namespace(items=[]) %}{% set ns.items = ns.items + ['a'] %}{{ ns.items }}{{ ns.missing is defined }}");
    // if / elif / else.
    add("{% for n in [0, 1, 2, 3] %}{% if n == 0 %}zero{% elif n == 1 %}one{% elif n == 2 %}two{% else %}many{% endif %} {% endfor %}");
    // Tests.
    add("{{ nothing is none }} {{ n is number }} {{ x is number }} {{ flag is number }} {{ n is integer }} {{ x is float }} {{ flag is boolean }} {{ 'a' is string }}");
    add("{{ messages is sequence }} {{ messages[0] is mapping }} {{ 'a' is sequence }} {{ messages[0] is sequence }} {{ n is sequence }} {{ undefined_name is iterable }} {{ n is iterable }}");
    add("{{ flag is true }} {{ 1 is true }} {{ false is false }} {{ undefined_name is undefined }} {{ n is defined }} {{ n is odd }} {{ 4 is even }} {{ 9 is divisibleby 3 }} {{ 9 is divisibleby(4) }}");
    add("{{ 'abc' is lower }} {{ 'ABC' is upper }} {{ '123' is lower }} {{ n is eq 7 }} {{ n is not eq 7 }} {{ 1 is in [1] }} {{ n is gt 3 }} {{ n is le 3 }} {{ range is callable }}");
    // Filters.
    add("[{{ messages[0].content | trim }}] [{{ 'xxhixx' | trim('x') }}] {{ 'Việt' | length }} {{ messages | count }} {{ {'a': 1} | length }} {{ undefined_name | length }}");
    add("{{ 'xin chào ĐÀ NẴNG' | upper }} {{ 'XIN CHÀO Đà Nẵng' | lower }} {{ 'straße' | upper }} {{ words | title }} {{ 'hello WORLD' | capitalize }} {{ 'émile zola' | capitalize }}");
    add("{{ undefined_name | default('dflt') }} {{ none | default('kept none') }} {{ '' | default('empty', true) }} {{ 0 | d('zero', boolean=true) }} {{ n | d(1) }}");
    add("{{ names | first }} {{ names | last }} {{ 'abc' | first }} {{ 'abc' | last }} {{ {'k': 1, 'j': 2} | first }} [{{ empty | first }}]");
    add("{{ names | join(', ') }} {{ [1, none, 2.5] | join }} {{ messages | join('|', attribute='role') }} {{ 'abc' | join('-') }}");
    add("{{ 'a-b-a' | replace('a', 'X') }} {{ 'aaa' | replace('a', 'b', 2) }} {{ 'ab' | replace('', '.') }} {{ 'x' | string }} {{ [1, 'y'] | string }} {{ none | string }}");
    add("{{ '42' | int }} {{ '42.9' | int }} {{ ' 7 ' | int }} {{ 'abc' | int }} {{ 'abc' | int(-1) }} {{ 3.99 | int }} {{ '0x1A' | int(0, 16) }} {{ true | int }} {{ -2.5 | int }}");
    add("{{ '2.5' | float }} {{ 3 | float }} {{ 'nope' | float }} {{ 'nope' | float(1.5) }} {{ '1e3' | float }}");
    add("{{ 'abc' | list }} {{ {'a': 1, 'b': 2} | list }} {% for k, v in {'a': 1, 'b': [2]} | items %}{{ k }}{{ v }}{% endfor %} {{ undefined_name | items | list }}");
    add("{{ messages | selectattr('role', 'equalto', 'user') | map(attribute='content') | list }} {{ messages | rejectattr('role', 'eq', 'system') | list | length }}");
    add("{{ messages | selectattr('extra') | list | length }} {{ messages | selectattr('extra', 'none') | map(attribute='role') | join(',') }} {{ messages | map(attribute='missing', default='?') | list }}");
    add("{{ names | map('upper') | join(' ') }} {{ [1, 0, 2, none] | select | list }} {{ [1, 2, 3, 4] | reject('odd') | list }} {{ names | map('replace', 'a', '@') | list }}");
    add("{{ 'a\\nb\\n\\nc' | indent }}|{{ 'a\\nb\\n\\nc' | indent(2, true) }}|{{ 'a\\nb\\n\\nc' | indent('> ', blank=true) }}|{{ '' | indent(first=true) }}");
    add("{{ 2.5 | round }} {{ 3.5 | round }} {{ 2.675 | round(2) }} {{ 42.55 | round(1, 'floor') }} {{ 42.51 | round(1, 'ceil') }} {{ 7 | round }} {{ -1.5 | round }}");
    add("{{ -3 | abs }} {{ -2.5 | abs }} {{ '<b>&\"\\'' | e }} {{ '<b>' | safe }} {{ names | sort }} {{ names | sort(reverse=true) }} {{ [3, 1, 2] | sort }}");
    add("{{ ['a', 'A', 'b', 'a'] | unique | list }} {{ [3, 1, 2] | sum }} {{ names | min }} {{ names | max }} {{ [1, 5, 3] | max }}");
    add("{{ names | reverse | list }} {{ 'Việt' | reverse }} {{ 'one two  three' | wordcount }}");
    add("{{ tools | tojson }}\n{{ messages[1] | tojson }}\n{{ messages[1] | tojson(ensure_ascii=true) }}");
    add("{{ tools[0].function | tojson(indent=2) }}\n{{ {'b': 1, 'a': [1, 2.0, none, true]} | tojson(sort_keys=true) }}\n{{ {'a': 1} | tojson(separators=(',', ':')) }}\n{{ 'ctl\\u0001\\t\"' | tojson }}\n{{ [] | tojson(indent=2) }}");
    // str and dict methods.
    add("[{{ messages[0].content.strip() }}] [{{ messages[0].content.lstrip() }}] [{{ messages[0].content.rstrip() }}] [{{ 'xxhixx'.strip('x') }}]");
    add("{{ 'a b  c'.split() }} {{ 'a,b,,c'.split(',') }} {{ 'a,b,c'.split(',', 1) }} {{ '  a b  '.split(none, 1) }} {{ 'l1\\nl2\\r\\nl3'.splitlines() }}");
    add("{{ 'hello'.startswith('he') }} {{ 'hello'.endswith(('x', 'lo')) }} {{ 'Mixed Case'.upper() }} {{ 'Mixed Case'.lower() }} {{ \"they're ok-ish\".title() }} {{ 'aXb'.replace('X', '-') }}");
    add("{{ 'hello'.find('l') }} {{ 'hello'.count('l') }} {{ ', '.join(names) }} {{ '123'.isdigit() }} {{ '  '.isspace() }} {{ 'élan'.capitalize() }}");
    add("{{ messages[0].get('role') }} {{ messages[0].get('nope') }} {{ messages[0].get('nope', 'fallback') }} {{ messages[0].keys() | list }} {{ messages[0].values() | list }} {{ messages[0].items() | list | length }}");
    // Macros and call blocks.
    add("{% macro greet(name, punct='!') %}Hi {{ name }}{{ punct }}{% endmacro %}{{ greet('An') }} {{ greet('Bình', '?') }} {{ greet(name='Chi', punct='.') }} [{{ greet() }}]");
    add("{% macro box(title) %}[{{ title }}: {{ caller() }}]{% endmacro %}{% call box('note') %}inside {{ messages | length }}{% endcall %}");
    add("{% macro item(x) %}<{{ x }}>{% endmacro %}{% for m in messages %}{{ item(m.role) }}{% endfor %}{% filter upper %}shout {{ 'this' }}{% endfilter %}");
    add("{% generation %}gen {{ 1 }}{% endgeneration %} after");
    add("{{ strftime_now('%Y-%m-%d') }} {{ dict(a=1, b='x') }} {{ namespace(a=1) }}");
    // Refused by both.
    add("{{ undefined_name.attr }}");
    add("{{ 1 + 'a' }}");
    add("{{ undefined_name + 1 }}");
    add("{{ 1 / 0 }}");
    add("{{ raise_exception('bad conversation') }}");
    add("{{ messages.append(1) }}");
    add("{{ undefined_name | tojson }}");
    add("{{ 5 | length }}");
    add("{% for x in 5 %}{% endfor %}");
    add("{{ 1 < 'a' }}");
    add("{{ messages | sum(attribute='role', start='') }}");
    return cases;
}

} // namespace

class TestJinjaConstructs : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void constructsMatchJinja2();
};

void TestJinjaConstructs::constructsMatchJinja2()
{
    lw::test::compareWithPython(constructCases());
}

LW_TEST_GUILESS_MAIN(TestJinjaConstructs)
#include "test_jinja_constructs.moc"
