#pragma once

#include <QtCore/QByteArray>
#include <QtCore/QJsonArray>
#include <QtCore/QJsonObject>
#include <QtCore/QJsonValue>

namespace capiqa::io {

/// Byte for byte what QJsonDocument::toJson(QJsonDocument::Compact) writes, several times
/// faster on big documents: Qt's writer escapes every string into a temporary buffer and grows
/// its output in small steps, which made serialising a 1,000-event request cost as much as
/// building it. Keys come out sorted (QJsonObject's order), numbers as Qt writes them
/// (integers in full, doubles shortest round-trip, non-finite as null), strings as UTF-8 with
/// only the escapes Qt uses (and \uXXXX for an unpaired surrogate).
QByteArray compactJson(const QJsonObject &object);
QByteArray compactJson(const QJsonArray &array);

/// Appends the value to `out`, for callers that assemble a document from parts.
void appendCompactJson(QByteArray &out, const QJsonValue &value);

} // namespace capiqa::io
