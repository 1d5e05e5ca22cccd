// The emulator's lifecycle and HTTP plumbing: listening, settings, how an answer is sent now,
// late or not at all. The routes themselves are in graphroutes.cpp.
//
// Why QHttpServer and not a hand-written server: Qt 6.4's responder-style routes (a handler
// taking QHttpServerResponder&&) let us keep the responder and answer later from a QTimer,
// and responder.socket() lets us close the connection without an answer. Both are needed for
// fault injection and neither blocks the event loop. The QTcpServer is our own (bound with
// bind()) so listen() can report the socket error, which QHttpServer::listen() only logs.
#include "graphemulator.h"

#include <QtCore/QTimer>
#include <QtHttpServer/QHttpServer>
#include <QtHttpServer/QHttpServerRequest>
#include <QtHttpServer/QHttpServerResponder>
#include <QtHttpServer/QHttpServerResponse>
#include <QtNetwork/QTcpServer>
#include <QtNetwork/QTcpSocket>

#ifdef Q_OS_LINUX
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/socket.h>
#endif
#include <QtNetwork/QTcpSocket>

#ifdef Q_OS_LINUX
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/socket.h>
#endif

namespace capiqa::emulator {

using namespace Qt::StringLiterals;

GraphEmulator::GraphEmulator(QObject *parent)
    : QObject(parent)
    , m_server(std::make_unique<QHttpServer>())
    , m_tokens{QString(LocalAccessToken)}
{
    setUpRoutes();
}

GraphEmulator::~GraphEmulator()
{
    // Connections first: their pending late answers hold responders into the server.
    close();
}

void GraphEmulator::setUpRoutes()
{
    using Method = QHttpServerRequest::Method;
    m_server->route(u"/<arg>/<arg>/events"_s,
                    [this](const QString &version, const QString &pixelId, const QHttpServerRequest &request,
                           QHttpServerResponder &&responder) {
                        handleEvents(version, pixelId, request, std::move(responder));
                    });
    for (const QString &path : {u"/tr"_s, u"/tr/"_s}) {
        m_server->route(path, [this](const QHttpServerRequest &request, QHttpServerResponder &&responder) {
            handlePixel(request, std::move(responder));
        });
    }
    m_server->route(u"/_capiqa/events"_s, Method::Get | Method::Delete,
                    [this](const QHttpServerRequest &request, QHttpServerResponder &&responder) {
                        handleReadEvents(request, std::move(responder));
                    });
    m_server->route(u"/_capiqa/health"_s, Method::Get,
                    [this](const QHttpServerRequest &request, QHttpServerResponder &&responder) {
                        handleHealth(request, std::move(responder));
                    });
    m_server->setMissingHandler([this](const QHttpServerRequest &request, QHttpServerResponder &&responder) {
        handleMissing(request, std::move(responder));
    });
}

namespace {

/// Accepts connections with Nagle's algorithm off. QHttpServer writes an answer's head and body
/// separately; with Nagle the body then waits for the client to acknowledge the head, and
/// clients delay that acknowledgement (40 ms on Linux): every answer would arrive 40 ms late.
class LowDelayTcpServer final : public QTcpServer
{
public:
    using QTcpServer::QTcpServer;

protected:
    void incomingConnection(qintptr descriptor) override
    {
        auto *socket = new QTcpSocket(this);
        if (!socket->setSocketDescriptor(descriptor)) {
            delete socket;
            return;
        }
        socket->setSocketOption(QAbstractSocket::LowDelayOption, 1);
#ifdef Q_OS_LINUX
        // The same stall the other way round: a client writes a large body with Nagle on, so its
        // last segment waits for this side's acknowledgement, which Linux delays. Quick
        // acknowledgements have to be asked for again after every read.
        connect(socket, &QIODevice::readyRead, socket, [socket] {
            const int on = 1;
            ::setsockopt(int(socket->socketDescriptor()), IPPROTO_TCP, TCP_QUICKACK, &on, sizeof on);
        });
#endif
        addPendingConnection(socket);
    }
};

} // namespace

bool GraphEmulator::listen(const QHostAddress &address, quint16 port)
{
    close();
    auto *tcp = new LowDelayTcpServer(m_server.get());
    if (!tcp->listen(address, port)) {
        m_error = u"Cannot listen on %1:%2: %3"_s.arg(address.toString()).arg(port).arg(tcp->errorString());
        delete tcp;
        return false;
    }
    m_server->bind(tcp);
    m_tcp = tcp;
    m_error.clear();
    return true;
}

void GraphEmulator::close()
{
    // Accepted sockets are children of the QTcpServer: deleting it closes them, which cancels
    // their late answers (the timers use the socket as context).
    delete m_tcp.data();
}

bool GraphEmulator::isListening() const
{
    return m_tcp && m_tcp->isListening();
}

quint16 GraphEmulator::serverPort() const
{
    return isListening() ? m_tcp->serverPort() : 0;
}

QUrl GraphEmulator::baseUrl() const
{
    if (!isListening())
        return {};
    QHostAddress host = m_tcp->serverAddress();
    // A server on every interface is still reached through the loopback address.
    if (host == QHostAddress::Any || host == QHostAddress::AnyIPv4)
        host = QHostAddress(QHostAddress::LocalHost);
    else if (host == QHostAddress::AnyIPv6)
        host = QHostAddress(QHostAddress::LocalHostIPv6);
    QUrl url;
    url.setScheme(u"http"_s);
    url.setHost(host.toString());
    url.setPort(m_tcp->serverPort());
    return url;
}

QString GraphEmulator::errorString() const
{
    return m_error;
}

void GraphEmulator::setAcceptedTokens(const QStringList &tokens)
{
    m_tokens = tokens;
}

QStringList GraphEmulator::acceptedTokens() const
{
    return m_tokens;
}

bool GraphEmulator::tokenAccepted(const QString &token) const
{
    return !token.isEmpty() && (m_tokens.isEmpty() || m_tokens.contains(token));
}

void GraphEmulator::setFaultSpec(const FaultSpec &spec)
{
    m_faults.reset(spec);
}

FaultSpec GraphEmulator::faultSpec() const
{
    return m_faults.spec();
}

bool GraphEmulator::setRecordFile(const QString &path)
{
    m_recordFile.close();
    if (path.isEmpty())
        return true;
    if (!m_recordFile.open(path, &m_error))
        return false;
    m_error.clear();
    return true;
}

QString GraphEmulator::recordFile() const
{
    return m_recordFile.isOpen() ? m_recordFile.path() : QString();
}

void GraphEmulator::setReferenceTime(qint64 unixSeconds)
{
    m_referenceTime = unixSeconds;
}

qint64 GraphEmulator::referenceTime() const
{
    return m_referenceTime;
}

void GraphEmulator::record(QList<ReceivedEvent> events)
{
    if (events.isEmpty())
        return;
    events = m_store.append(std::move(events));
    if (m_recordFile.isOpen()) {
        QString error;
        if (!m_recordFile.append(events, &error))
            Q_EMIT recordFileFailed(error);
    }
    Q_EMIT eventsReceived(events);
}

void GraphEmulator::answer(QHttpServerResponder &&responder, QHttpServerResponse &&response, int delayMs)
{
    if (delayMs <= 0) {
        response.write(std::move(responder));
        return;
    }
    QTcpSocket *socket = responder.socket();
    // Both are move-only; the timer's functor must be copyable, so they live behind a pointer.
    auto pending = std::make_shared<std::pair<QHttpServerResponder, QHttpServerResponse>>(std::move(responder),
                                                                                          std::move(response));
    // The socket is the context: if the client gives up and the socket is deleted, the timer
    // is cancelled and the responder is destroyed without writing.
    QTimer::singleShot(delayMs, socket, [socket, pending] {
        if (socket->state() == QAbstractSocket::ConnectedState)
            pending->second.write(std::move(pending->first));
    });
}

void GraphEmulator::drop(QHttpServerResponder &&responder)
{
    QTcpSocket *socket = responder.socket();
    // Aborting inside the handler would pull the socket from under QHttpServer, which still
    // uses it after the handler returns; the next event loop pass is safe.
    QTimer::singleShot(0, socket, [socket] { socket->abort(); });
    // `responder` goes out of scope unused: nothing is written.
}

} // namespace capiqa::emulator
