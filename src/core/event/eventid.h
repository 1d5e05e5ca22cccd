#pragma once

#include <QtCore/QJsonObject>
#include <QtCore/QList>
#include <QtCore/QMap>
#include <QtCore/QString>
#include <QtCore/QStringList>

#include <optional>

namespace capiqa::event {

/// A random (version 4) UUID, canonical lowercase 8-4-4-4-12 without braces: the event_id to
/// share between Pixel and server when there is no natural id.
QString newUuidV4();
/// True for the canonical 8-4-4-4-12 hex form (either case, no braces).
bool isUuid(QStringView text);

/// An event id template such as "purchase_{order_id}" (seed 003's Purchase id). `{name}`
/// takes a variable; `${name}` (the JavaScript template-literal form the seeds use) is read the
/// same way; `{{` and `}}` are literal braces. Names are letters, digits and `_`, not starting
/// with a digit. Syntax errors are found once, on construction.
class EventIdTemplate final
{
public:
    explicit EventIdTemplate(const QString &pattern);

    const QString &pattern() const { return m_pattern; }
    bool isValid() const { return m_error.isEmpty(); }
    /// The syntax error, naming the offset: "unterminated placeholder \"{order_id\" at offset 9".
    const QString &error() const { return m_error; }
    /// Placeholder names in order of first use.
    QStringList placeholders() const;

    /// The id for these variables. Fails for a syntax error, a variable that is not given
    /// ("unknown variable {order} at offset 9; known: order_id") or an empty value (every
    /// event would share the id "purchase_", and Meta would merge them).
    std::optional<QString> expand(const QMap<QString, QString> &variables, QString *error = nullptr) const;

private:
    struct Part {
        QString text;            ///< literal text, or the variable name
        bool isVariable = false;
        qsizetype offset = 0;    ///< where the placeholder starts in the pattern
    };

    QString m_pattern;
    QString m_error;
    QList<Part> m_parts;
};

/// One-shot form of EventIdTemplate(pattern).expand(variables, error).
std::optional<QString> expandEventId(const QString &pattern, const QMap<QString, QString> &variables,
                                     QString *error = nullptr);

/// The variables an event offers to its event_id template: its own text and number fields,
/// then its custom_data's (order_id lives there), then `extra`, each later source winning.
/// `uuid` is a fresh UUID v4 unless a source gives one.
QMap<QString, QString> eventTemplateVariables(const QJsonObject &event, const QMap<QString, QString> &extra = {});

} // namespace capiqa::event
