#include "identities.h"

#include <QtCore/QFile>
#include <QtCore/QHash>
#include <QtCore/QSet>

using namespace Qt::StringLiterals;

namespace capiqa::replay {

namespace {

constexpr qsizetype MaxErrors = 50;

// One record of CSV starting at `pos`; `pos` ends past its line break. Sets `error` for a
// quote that is never closed or text after a closing quote.
QStringList readRecord(const QByteArray &csv, qsizetype &pos, qint64 &line, QString &error)
{
    QStringList fields;
    QByteArray field;
    bool quoted = false;
    bool afterQuote = false;
    const qint64 startLine = line;
    const qsizetype size = csv.size();
    while (pos < size) {
        const char c = csv.at(pos);
        if (quoted) {
            if (c == '"') {
                if (pos + 1 < size && csv.at(pos + 1) == '"') {
                    field += '"';
                    pos += 2;
                    continue;
                }
                quoted = false;
                afterQuote = true;
            } else {
                if (c == '\n')
                    ++line;
                field += c;
            }
            ++pos;
            continue;
        }
        if (c == ',') {
            fields << QString::fromUtf8(field);
            field.clear();
            afterQuote = false;
        } else if (c == '\n' || c == '\r') {
            pos += (c == '\r' && pos + 1 < size && csv.at(pos + 1) == '\n') ? 2 : 1;
            ++line;
            fields << QString::fromUtf8(field);
            return fields;
        } else if (c == '"' && field.trimmed().isEmpty() && !afterQuote) {
            field.clear();
            quoted = true;
        } else if (afterQuote) {
            if (c != ' ' && c != '\t' && error.isEmpty())
                error = u"text after a closing quote in field %1"_s.arg(fields.size() + 1);
        } else {
            field += c;
        }
        ++pos;
    }
    if (quoted)
        error = u"a quoted field opened on line %1 is never closed"_s.arg(startLine);
    fields << QString::fromUtf8(field);
    return fields;
}

} // namespace

QString IdentityTable::userDataKey(QStringView column)
{
    static const QHash<QString, QString> keys{
        {u"em"_s, u"em"_s},         {u"email"_s, u"em"_s},
        {u"ph"_s, u"ph"_s},         {u"phone"_s, u"ph"_s},
        {u"fn"_s, u"fn"_s},         {u"first_name"_s, u"fn"_s},
        {u"ln"_s, u"ln"_s},         {u"last_name"_s, u"ln"_s},
        {u"ge"_s, u"ge"_s},         {u"gender"_s, u"ge"_s},
        {u"db"_s, u"db"_s},         {u"date_of_birth"_s, u"db"_s},
        {u"ct"_s, u"ct"_s},         {u"city"_s, u"ct"_s},
        {u"st"_s, u"st"_s},         {u"state"_s, u"st"_s},
        {u"zp"_s, u"zp"_s},         {u"zip"_s, u"zp"_s},
        {u"country"_s, u"country"_s},
        {u"external_id"_s, u"external_id"_s},
        {u"client_ip_address"_s, u"client_ip_address"_s},
        {u"client_user_agent"_s, u"client_user_agent"_s},
        {u"fbp"_s, u"fbp"_s},       {u"fbc"_s, u"fbc"_s},
    };
    return keys.value(column.toString().toLower());
}

IdentityTable parseIdentities(const QByteArray &input, const QString &name, QStringList *errors)
{
    IdentityTable table;
    table.path = name;
    const auto fail = [&](qint64 line, const QString &message) {
        if (errors->size() < MaxErrors)
            *errors << u"%1: line %2: %3"_s.arg(name).arg(line).arg(message);
        else if (errors->size() == MaxErrors)
            *errors << u"%1: more problems not shown"_s.arg(name);
    };
    QByteArray csv = input;
    if (csv.startsWith("\xEF\xBB\xBF"))
        csv.remove(0, 3);
    if (const qsizetype nul = csv.indexOf('\0'); nul >= 0) {
        fail(QByteArrayView(csv.constData(), nul).count('\n') + 1, u"binary data, not CSV text (a NUL byte)"_s);
        return table;
    }
    qsizetype pos = 0;
    qint64 line = 1;
    bool haveHeader = false;
    while (pos < csv.size()) {
        const qint64 recordLine = line;
        QString error;
        QStringList fields = readRecord(csv, pos, line, error);
        if (fields.size() == 1 && fields.constFirst().trimmed().isEmpty() && error.isEmpty())
            continue; // a blank line
        if (!error.isEmpty()) {
            fail(recordLine, error);
            continue;
        }
        if (!haveHeader) {
            haveHeader = true;
            QSet<QString> seen;
            for (QString &column : fields) {
                column = column.trimmed();
                if (column.isEmpty())
                    fail(recordLine, u"the header has an empty column name"_s);
                else if (seen.contains(column.toLower()))
                    fail(recordLine, u"the header names column \"%1\" twice"_s.arg(column));
                seen.insert(column.toLower());
            }
            table.columns = fields;
            continue;
        }
        if (fields.size() != table.columns.size()) {
            fail(recordLine, u"%1 field(s), but the header has %2 (%3)"_s.arg(fields.size()).arg(table.columns.size())
                                 .arg(table.columns.join(u", "_s)));
            continue;
        }
        table.rows << fields;
        table.lines << recordLine;
    }
    if (!haveHeader)
        fail(1, u"empty; expected a header row such as email,phone,first_name and one row per user"_s);
    else if (table.rows.isEmpty() && errors->isEmpty())
        fail(line, u"no user rows after the header"_s);
    return table;
}

IdentityTable readIdentities(const QString &path, QStringList *errors)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) {
        *errors << u"cannot open %1: %2"_s.arg(path, file.errorString());
        return {};
    }
    if (file.size() > IdentityTable::MaxFileBytes) {
        *errors << u"%1: larger than 256 MiB"_s.arg(path);
        return {};
    }
    return parseIdentities(file.readAll(), path, errors);
}

} // namespace capiqa::replay
