#pragma once

#include <QtCore/QJsonObject>
#include <QtCore/QJsonValue>
#include <QtCore/QString>

#include <functional>

/// The `{{name}}` placeholders of funnel files: finding them (to check every name before
/// anything is sent) and expanding them in an event's JSON (once per user and step).
namespace capiqa::replay {

/// Gives a placeholder's value; an undefined QJsonValue when the name is not known.
using TemplateLookup = std::function<QJsonValue(QStringView name)>;
/// Called for each placeholder: its name (trimmed) and the offset of its "{{" in the text.
using PlaceholderVisitor = std::function<void(QStringView name, qsizetype offset)>;

/// Calls `visit` for each `{{name}}` in `text`. Returns the first syntax error ("unterminated
/// {{ at offset 4", "empty placeholder {{}} at offset 0", "\"{{a b}}\" at offset 2 is not a
/// name") or an empty string. Names are letters, digits, '_' and '.', not starting with a digit.
QString forEachPlaceholder(QStringView text, const PlaceholderVisitor &visit);

/// True when `text` contains "{{" (the cheap test before expanding).
inline bool hasPlaceholder(QStringView text) { return text.contains(u"{{"); }

/// `text` with its placeholders replaced. A text that is exactly one placeholder takes the
/// value's JSON type ("{{price}}" with price 29.99 gives the number 29.99); otherwise values
/// are joined as text. Unknown names are left as written (check names first).
QJsonValue expandText(const QString &text, const TemplateLookup &lookup);

/// Expands every string value (not keys) of `object`, recursively.
void expandObject(QJsonObject &object, const TemplateLookup &lookup);

/// Walks every string value of `value` under `path` ("steps[0].event"), calling `onName` for
/// each placeholder with the value's path, and `onSyntaxError` for each malformed string.
void forEachPlaceholderIn(const QJsonValue &value, const QString &path,
                          const std::function<void(const QString &path, QStringView name)> &onName,
                          const std::function<void(const QString &path, const QString &error)> &onSyntaxError);

} // namespace capiqa::replay
