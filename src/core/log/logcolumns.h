#pragma once

#include <QtCore/QString>
#include <QtCore/Qt>

/// The columns and roles of the request log models, shared by LogModel (which stores the facts),
/// LogFilterModel (which filters on them) and the GUI's display proxy (which styles them).
namespace capiqa::log {

enum class LogColumn : int {
    Time,
    Direction,
    Profile,
    Endpoint,
    Status,
    Events,
    Duration,
    FbtraceId,
    Message,
    Error,
    Count ///< not a column: how many there are
};

inline constexpr int LogColumnCount = int(LogColumn::Count);

/// Raw facts of a row, the same in every column. Display text lives in Qt::DisplayRole.
enum LogRole : int {
    EntryIdRole = Qt::UserRole + 1, ///< quint64, LogEntry::id
    TimestampRole,                  ///< QDateTime, UTC
    LevelRole,                      ///< int(Level)
    DirectionRole,                  ///< int(Direction)
    SendIdRole,                     ///< quint64
    ProfileRole,                    ///< QString
    MessageRole,                    ///< QString
    MethodRole,                     ///< QString
    UrlRole,                        ///< QString, token redacted
    HttpStatusRole,                 ///< int, 0 = none
    StatusClassRole,                ///< int(StatusClass)
    EventCountRole,                 ///< int
    DurationMsRole,                 ///< qint64, -1 = not measured
    FbtraceIdRole,                  ///< QString
    ErrorRole,                      ///< QString
    AttemptRole,                    ///< int
    TruncatedRole,                  ///< bool: a body was cut by the bus
    IsErrorRole,                    ///< bool: see isErrorEntry()
};

/// What kind of answer a row stands for, for filtering and colouring.
enum class StatusClass : int {
    None,         ///< not an answer: a request going out, a retry, a warning
    Success,      ///< 2xx
    Redirect,     ///< 1xx, 3xx (capiqa never follows redirects: they are failures too)
    ClientError,  ///< 4xx
    ServerError,  ///< 5xx
    NetworkError, ///< an answer was expected and none came (refused, reset, timed out)
};

/// "2xx", "4xx", … as shown in the status filter.
QString statusClassName(StatusClass statusClass);

} // namespace capiqa::log
