#include "json.h"

#include <QtCore/QList>

#include <algorithm>

using namespace Qt::StringLiterals;

namespace capiqa::io {

namespace {
constexpr char Bom[] = "\xEF\xBB\xBF";
constexpr qsizetype BomSize = 3;
constexpr char Escape[] = "\\ufeff";
constexpr qsizetype EscapeSize = 6;
} // namespace

QJsonDocument parseJson(const QByteArray &json, QJsonParseError *error)
{
    const qsizetype skip = json.startsWith(Bom) ? BomSize : 0;
    qsizetype at = json.indexOf(Bom, skip);
    if (at < 0)
        return QJsonDocument::fromJson(skip ? json.sliced(skip) : json, error);

    QByteArray patched;
    patched.reserve(json.size() + 16);
    QList<qsizetype> replacedAt; // offsets in `patched` of each escape, to map error offsets back
    qsizetype from = skip;
    while (at >= 0) {
        patched.append(json.constData() + from, at - from);
        replacedAt.append(patched.size());
        patched.append(Escape, EscapeSize);
        from = at + BomSize;
        at = json.indexOf(Bom, from);
    }
    patched.append(json.constData() + from, json.size() - from);

    QJsonDocument doc = QJsonDocument::fromJson(patched, error);
    if (error && error->error != QJsonParseError::NoError) {
        qsizetype shift = 0;
        for (qsizetype pos : std::as_const(replacedAt)) {
            if (pos >= error->offset)
                break;
            shift += EscapeSize - BomSize;
        }
        error->offset = int(error->offset - shift + skip);
    }
    return doc;
}

QString lineAndColumn(const QByteArray &text, qsizetype offset)
{
    offset = std::clamp<qsizetype>(offset, 0, text.size());
    const QByteArrayView before(text.constData(), offset);
    const qsizetype line = before.count('\n') + 1;
    const qsizetype lineStart = before.lastIndexOf('\n') + 1;
    const qsizetype column = QString::fromUtf8(text.constData() + lineStart, offset - lineStart).size() + 1;
    return u"line %1, column %2"_s.arg(line).arg(column);
}

} // namespace capiqa::io
