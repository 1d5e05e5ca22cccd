#pragma once

// Internal to src/core/transport: the thread CapiClient's HTTP exchanges run on.

#include <QtCore/QByteArray>
#include <QtCore/QElapsedTimer>
#include <QtCore/QHash>
#include <QtCore/QObject>
#include <QtCore/QStringList>
#include <QtNetwork/QNetworkReply>
#include <QtNetwork/QNetworkRequest>

#include <functional>

class QNetworkAccessManager;

namespace capiqa::transport {

/// What one POST got back, as HttpWorker reports it.
struct HttpExchange
{
    int httpStatus = 0; ///< 0 when no status line arrived
    QNetworkReply::NetworkError error = QNetworkReply::NoError;
    QString errorText;
    QStringList tlsErrors; ///< recorded for the error text; never ignored
    QByteArray body;
    QList<QNetworkReply::RawHeaderPair> headers;
    qint64 firstByteMs = -1; ///< from the post to the first byte of the answer
};

/// Owns a QNetworkAccessManager and runs POSTs on the thread it lives on. QNAM hands a request
/// body to its own HTTP thread 16 KB at a time through the event loop of the thread that posted
/// it: posted from a thread that is busy building the next batch, every request in flight stood
/// still until the build was done. On a thread of its own nothing else holds it up.
/// Call post() and abort() on the worker's thread (QMetaObject::invokeMethod).
class HttpWorker final : public QObject
{
    Q_OBJECT

public:
    using Done = std::function<void(quint64 id, const HttpExchange &exchange)>;

    /// `done` runs on the worker's thread for every posted exchange, also an aborted one.
    explicit HttpWorker(Done done);
    ~HttpWorker() override;

    void post(quint64 id, const QNetworkRequest &request, const QByteArray &body);
    /// The exchange ends with OperationCanceledError (and `done` runs); unknown ids are ignored.
    void abort(quint64 id);

private:
    void finished(quint64 id);

    struct Running
    {
        QNetworkReply *reply = nullptr;
        QElapsedTimer clock;
        qint64 firstByteMs = -1;
        QStringList tlsErrors;
    };

    Done m_done;
    QNetworkAccessManager *m_nam = nullptr; // made on the worker's thread, at the first post
    QHash<quint64, Running> m_running;
};

} // namespace capiqa::transport
