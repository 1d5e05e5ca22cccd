#pragma once

#include <QtCore/QByteArray>
#include <QtCore/QJsonObject>
#include <QtCore/QMetaType>
#include <QtCore/QString>

#include <optional>

namespace capiqa::transport {

/// The `error` object of a failed Graph API answer, decoded.
struct GraphError {
    QString message;
    QString type;           ///< "OAuthException", "GraphMethodException", …
    int code = 0;
    int errorSubcode = 0;
    QString errorUserTitle;
    QString errorUserMsg;   ///< Meta's own explanation, meant for people: show it when present
    bool isTransient = false;
    QString fbtraceId;

    /// False for a default-constructed value (no error was decoded).
    bool isValid() const { return code != 0 || !message.isEmpty() || !type.isEmpty(); }
    /// Codes 4, 17, 32, 613 and 80004: the app, user, page or ad account sent too much.
    bool isRateLimit() const;

    /// What went wrong and how to fix it, in plain words, for the common codes (1, 2, 4, 10,
    /// 17, 32, 100, 190, 200, 613, 80004); a generic sentence for others. Includes
    /// error_user_msg when Meta sent one.
    QString plainExplanation() const;

    /// One line: "(#100) Invalid parameter [code 100, subcode 2804003]".
    QString summary() const;

    /// Decodes `{"error": {...}}`; nullopt when `response` holds no error object.
    static std::optional<GraphError> fromResponse(const QJsonObject &response);
    static std::optional<GraphError> fromResponse(const QByteArray &responseBody);
};

} // namespace capiqa::transport

Q_DECLARE_METATYPE(capiqa::transport::GraphError)
