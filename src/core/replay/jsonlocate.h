#pragma once

#include <QtCore/QByteArray>
#include <QtCore/QString>

/// Finding where a value sits in JSON text, so that errors found in a parsed QJsonDocument
/// (which keeps no positions) can name a line and column.
namespace capiqa::replay {

/// The byte offset where the value at `path` starts in `json` ("steps[2].event.event_id":
/// keys joined with '.', array items as [i]); -1 when there is no such value. `json` must be
/// valid JSON (parse it first). Stops at the first match; never reads past the end.
qsizetype jsonValueOffset(const QByteArray &json, QStringView path);

/// "line L, column C" of `path` in `json`, or of its nearest existing ancestor (a missing key
/// is reported where its object starts); "line 1" when nothing matches.
QString jsonPathPosition(const QByteArray &json, QStringView path, qint64 firstLine = 1);

} // namespace capiqa::replay
