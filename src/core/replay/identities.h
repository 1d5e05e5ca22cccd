#pragma once

#include <QtCore/QList>
#include <QtCore/QString>
#include <QtCore/QStringList>

/// Per-user identities for replays: a CSV file with a header row and one user per row, raw
/// customer information (hashed at send time with the profile's normaliser).
namespace capiqa::replay {

/// The rows of an identities CSV. Columns named after user_data keys (em, ph, fn, ln, ge, db,
/// ct, st, zp, country, external_id, client_ip_address, client_user_agent, fbp, fbc) or their
/// long names (email, phone, first_name, …) go into every event's user_data; every column is
/// also a template value {{user.COLUMN}}. User n takes row n modulo the row count.
struct IdentityTable
{
    /// The largest file read; a CSV of a million users is far smaller.
    static constexpr qint64 MaxFileBytes = 256 * 1024 * 1024;

    QString path;
    QStringList columns;    ///< as written in the header, trimmed
    QList<QStringList> rows;
    QList<qint64> lines;    ///< the file line each row starts on

    bool isEmpty() const { return rows.isEmpty(); }
    qsizetype size() const { return rows.size(); }
    const QStringList &row(qint64 user) const { return rows.at(qsizetype(user % rows.size())); }
    qint64 lineOf(qint64 user) const { return lines.at(qsizetype(user % rows.size())); }

    /// The user_data key a column fills ("email" → "em", "em" → "em"); empty for other columns.
    static QString userDataKey(QStringView column);
};

/// Reads an identities CSV (RFC 4180: commas, "quoted" fields with "" for a quote, a field may
/// span lines; UTF-8, a BOM is skipped; blank lines are ignored). Every problem is appended
/// to `errors` as "FILE: line L: …" (at most 50); the table holds the good rows.
IdentityTable readIdentities(const QString &path, QStringList *errors);

/// The same from text already read; `name` is used in messages.
IdentityTable parseIdentities(const QByteArray &csv, const QString &name, QStringList *errors);

} // namespace capiqa::replay
