#pragma once

#include <QtCore/QByteArray>
#include <QtCore/QJsonDocument>
#include <QtCore/QString>

namespace capiqa::io {

/// QJsonDocument::fromJson, but byte-exact for PII: Qt 6.4's parser silently drops a raw U+FEFF
/// at the start of a string value, which would change what gets hashed. A BOM that opens the
/// document is skipped (editors write one); every other raw U+FEFF is handed to Qt as the
/// equivalent `\ufeff` escape. `error->offset` still points into `json` as given.
QJsonDocument parseJson(const QByteArray &json, QJsonParseError *error = nullptr);

/// "line L, column C" of a byte offset in `text`; columns count characters, as an editor shows
/// them, so a parse error can be found by a person.
QString lineAndColumn(const QByteArray &text, qsizetype offset);

} // namespace capiqa::io
