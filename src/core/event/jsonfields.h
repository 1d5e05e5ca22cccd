#pragma once

#include <QtCore/QJsonArray>
#include <QtCore/QJsonObject>
#include <QtCore/QJsonValue>
#include <QtCore/QSet>
#include <QtCore/QString>
#include <QtCore/QStringList>
#include <QtCore/QVarLengthArray>

#include <optional>

/// Shared plumbing of the event model's fromJson()/toJson(): typed reads that name the JSON path
/// of the first wrong type, and writes that leave unset fields out. Not part of the public API.
namespace capiqa::event::detail {

/// "user_data" under "data[0]" → "data[0].user_data"; an empty parent gives just the key.
QString memberPath(QStringView parent, QStringView key);
/// "em" and 1 → "em[1]".
QString indexPath(QStringView parent, qsizetype index);
/// "a string", "a number", "null", … for error messages.
QString describe(const QJsonValue &value);
/// "path: message", or just the message for the document root.
QString atPath(QStringView path, const QString &message);

/// Reads the members of one JSON object. Every member the caller asks for is marked as known;
/// extra() returns the others so that unknown fields survive a round trip. A JSON null is read
/// as "unset" (the Node SDK writes nulls for unset fields; capiqa never does). The first type
/// error wins and later reads return nullopt.
class ObjectReader final
{
public:
    ObjectReader(const QJsonObject &object, QStringView path);

    std::optional<QString> string(QLatin1StringView key);
    /// A whole number that fits in 64 bits (1767225600, not 1767225600.5 or "1767225600").
    std::optional<qint64> integer(QLatin1StringView key);
    std::optional<double> number(QLatin1StringView key);
    std::optional<bool> boolean(QLatin1StringView key);
    std::optional<QStringList> stringList(QLatin1StringView key);
    std::optional<QJsonObject> object(QLatin1StringView key);
    std::optional<QJsonArray> array(QLatin1StringView key);
    /// Marks `key` as known and returns it untouched (undefined when absent or null).
    QJsonValue raw(QLatin1StringView key);

    QString pathOf(QLatin1StringView key) const { return memberPath(m_path, QString(key)); }
    const QString &path() const { return m_path; }

    /// Records an error found by the caller (the first one wins).
    void fail(QStringView path, const QString &message);
    bool ok() const { return m_error.isEmpty(); }
    const QString &error() const { return m_error; }

    /// The members nobody asked for.
    QJsonObject extra() const;

private:
    /// The member when present, not null and no error yet; marks it known.
    std::optional<QJsonValue> take(QLatin1StringView key);
    void typeError(QLatin1StringView key, const QString &expected, const QJsonValue &got);

    const QJsonObject m_object; // by value (implicitly shared): callers pass temporaries
    QString m_path;
    QString m_error;
    /// Keys asked for. They are string literals (static storage), so no copy is needed; a
    /// linear list beats a hash for the ~20 keys of an event (this runs for every event sent).
    QVarLengthArray<QLatin1StringView, 32> m_known;
};

/// Reads a JSON number as a whole 64-bit integer; nullopt for fractions and non-numbers.
std::optional<qint64> wholeNumber(const QJsonValue &value);

/// Writers that leave unset values out, so toJson() never emits null.
void put(QJsonObject &out, QLatin1StringView key, const std::optional<QString> &value);
void put(QJsonObject &out, QLatin1StringView key, const std::optional<qint64> &value);
void put(QJsonObject &out, QLatin1StringView key, const std::optional<double> &value);
void put(QJsonObject &out, QLatin1StringView key, const std::optional<bool> &value);
void put(QJsonObject &out, QLatin1StringView key, const std::optional<QStringList> &value);

/// Stores `message` in `*error` when an error out-parameter was given.
inline void report(QString *error, const QString &message)
{
    if (error)
        *error = message;
}

} // namespace capiqa::event::detail
