#include "jsonlinewriter.h"

#include <charconv>

namespace capiqa::io {

void appendJsonString(std::string &out, std::string_view utf8)
{
    static constexpr char Hex[] = "0123456789abcdef";
    out.push_back('"');
    std::size_t run = 0; // start of the pending run of characters that need no escaping
    for (std::size_t i = 0; i < utf8.size(); ++i) {
        const auto c = static_cast<unsigned char>(utf8[i]);
        if (c >= 0x20 && c != '"' && c != '\\')
            continue;
        out.append(utf8.substr(run, i - run));
        run = i + 1;
        switch (c) {
        case '"': out.append("\\\""); break;
        case '\\': out.append("\\\\"); break;
        case '\n': out.append("\\n"); break;
        case '\r': out.append("\\r"); break;
        case '\t': out.append("\\t"); break;
        case '\b': out.append("\\b"); break;
        case '\f': out.append("\\f"); break;
        default:
            out.append("\\u00");
            out.push_back(Hex[c >> 4]);
            out.push_back(Hex[c & 0xF]);
        }
    }
    out.append(utf8.substr(run));
    out.push_back('"');
}

void JsonLine::keyPrefix(std::string_view key)
{
    if (!m_first)
        m_out.push_back(',');
    m_first = false;
    appendJsonString(m_out, key);
    m_out.push_back(':');
}

JsonLine &JsonLine::add(std::string_view key, std::string_view value)
{
    keyPrefix(key);
    appendJsonString(m_out, value);
    return *this;
}

JsonLine &JsonLine::add(std::string_view key, bool value)
{
    keyPrefix(key);
    m_out.append(value ? "true" : "false");
    return *this;
}

JsonLine &JsonLine::add(std::string_view key, qint64 value)
{
    keyPrefix(key);
    char buf[24];
    const auto res = std::to_chars(buf, buf + sizeof buf, value);
    m_out.append(buf, res.ptr);
    return *this;
}

JsonLine &JsonLine::addNull(std::string_view key)
{
    keyPrefix(key);
    m_out.append("null");
    return *this;
}

JsonLine &JsonLine::addRaw(std::string_view key, std::string_view json)
{
    keyPrefix(key);
    m_out.append(json);
    return *this;
}

} // namespace capiqa::io
