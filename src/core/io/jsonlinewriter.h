#pragma once

#include <QtCore/QtGlobal>

#include <string>
#include <string_view>

namespace capiqa::io {

/// Appends `utf8` to `out` as a JSON string literal (quotes included).
void appendJsonString(std::string &out, std::string_view utf8);

/// Writes one JSON object as one line, keys in the order given (QJsonObject would sort them),
/// into a caller-owned buffer that is reused from line to line.
class JsonLine final
{
public:
    explicit JsonLine(std::string &out) : m_out(out) { m_out.push_back('{'); }

    JsonLine &add(std::string_view key, std::string_view value);
    JsonLine &add(std::string_view key, const char *value) { return add(key, std::string_view(value)); }
    JsonLine &add(std::string_view key, bool value);
    JsonLine &add(std::string_view key, qint64 value);
    JsonLine &addNull(std::string_view key);
    /// `json` must already be valid JSON (an array or object built elsewhere).
    JsonLine &addRaw(std::string_view key, std::string_view json);
    /// Closes the object and ends the line.
    void finish() { m_out.append("}\n"); }

private:
    void keyPrefix(std::string_view key);

    std::string &m_out;
    bool m_first = true;
};

} // namespace capiqa::io
