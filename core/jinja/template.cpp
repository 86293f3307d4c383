#include "core/jinja/template.h"

#include "core/jinja/lexer.h"
#include "core/jinja/parser.h"

namespace lw::jinja {

struct Template::Parsed {
    Body body;
};

Template Template::parse(const std::string& source, const std::string& origin)
{
    auto parsed = std::make_shared<Parsed>();
    parsed->body = parseTemplate(tokenize(source, origin), origin);
    Template t;
    t.m_parsed = std::move(parsed);
    t.m_origin = origin;
    return t;
}

std::string Template::render(const nlohmann::json& context) const
{
    return renderOrdered(Json::parse(context.dump()));
}

std::string Template::renderOrdered(const Json& context, std::vector<GenerationSpan>* generationSpans) const
{
    if (generationSpans)
        generationSpans->clear();
    return renderTemplate(m_parsed->body, m_origin, context, m_limits, generationSpans);
}

} // namespace lw::jinja
