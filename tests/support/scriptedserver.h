#pragma once

#include <QtCore/QByteArray>
#include <QtCore/QElapsedTimer>
#include <QtCore/QHash>
#include <QtCore/QList>
#include <QtCore/QObject>
#include <QtCore/QUrl>
#include <QtCore/QUrlQuery>
#include <QtNetwork/QTcpServer>

#include <functional>
#include <utility>

class QTcpSocket;

/// A tiny HTTP/1.1 server on 127.0.0.1 for transport tests: answers each request with the
/// next scripted reply (status, headers, body, delay, or a dropped connection), records what
/// it received, and counts how many requests it held unanswered at once. One request per
/// connection (it answers with `Connection: close`). Bytes that are not HTTP (a TLS
/// ClientHello) get a plain-text 400, which makes a TLS client fail its handshake.
class ScriptedServer final : public QObject
{
    Q_OBJECT

public:
    using HeaderList = QList<std::pair<QByteArray, QByteArray>>;

    struct Reply {
        int status = 200;
        HeaderList headers;
        QByteArray body;
        int delayMs = 0;
        bool drop = false; ///< close the connection without answering

        static Reply json(int status, const QByteArray &body, int delayMs = 0);
        static Reply dropped(int delayMs = 0);
    };

    struct Request {
        QByteArray method;
        QByteArray target; ///< path and query as sent
        HeaderList headers; ///< names lowercased
        QByteArray body;
        qint64 receivedAtMs = 0; ///< since the server was created
        int concurrent = 0;      ///< requests held unanswered when this one arrived, itself included

        QByteArray header(const QByteArray &lowercaseName) const;
        QByteArray path() const;
        QUrlQuery query() const;
    };

    using Handler = std::function<Reply(const Request &)>;

    explicit ScriptedServer(QObject *parent = nullptr);
    ~ScriptedServer() override;

    bool listen();
    void close();
    quint16 port() const;
    /// http://127.0.0.1:{port}
    QUrl baseUrl() const;

    /// Replies used in order, one per request; afterwards the fallback answers.
    void enqueue(const Reply &reply);
    /// Default: 200 {"events_received": <events in data>, "messages": [], "fbtrace_id": "trace-<n>"}.
    void setFallback(Handler handler);

    const QList<Request> &requests() const { return m_requests; }
    /// Milliseconds since the server was created: the clock of Request::receivedAtMs.
    qint64 elapsedMs() const { return m_clock.elapsed(); }
    int inFlight() const { return m_inFlight; }
    int maxConcurrent() const { return m_maxConcurrent; }

Q_SIGNALS:
    void requestReceived(int index);

private:
    struct Connection {
        QByteArray buffer;
        bool answering = false;
    };

    void onNewConnection();
    void onReadyRead(QTcpSocket *socket);
    void onDisconnected(QTcpSocket *socket);
    void answer(QTcpSocket *socket, const Reply &reply);

    QTcpServer m_server;
    QHash<QTcpSocket *, Connection> m_connections;
    QList<Reply> m_script;
    Handler m_fallback;
    QList<Request> m_requests;
    QElapsedTimer m_clock;
    int m_inFlight = 0;
    int m_maxConcurrent = 0;
};
