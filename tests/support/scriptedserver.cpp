#include "scriptedserver.h"

#include <QtCore/QJsonArray>
#include <QtCore/QJsonDocument>
#include <QtCore/QJsonObject>
#include <QtCore/QTimer>
#include <QtNetwork/QTcpSocket>

#include <algorithm>

using namespace Qt::StringLiterals;

namespace {

QByteArray reasonPhrase(int status)
{
    switch (status) {
    case 200:
        return "OK";
    case 302:
        return "Found";
    case 400:
        return "Bad Request";
    case 401:
        return "Unauthorized";
    case 403:
        return "Forbidden";
    case 404:
        return "Not Found";
    case 429:
        return "Too Many Requests";
    case 500:
        return "Internal Server Error";
    case 502:
        return "Bad Gateway";
    case 503:
        return "Service Unavailable";
    default:
        return "Status";
    }
}

ScriptedServer::Reply defaultReply(const ScriptedServer::Request &request, int index)
{
    const QJsonObject body = QJsonDocument::fromJson(request.body).object();
    const QJsonObject answer{
        {u"events_received"_s, int(body.value("data"_L1).toArray().size())},
        {u"messages"_s, QJsonArray()},
        {u"fbtrace_id"_s, QString(u"trace-"_s + QString::number(index))},
    };
    return ScriptedServer::Reply::json(200, QJsonDocument(answer).toJson(QJsonDocument::Compact));
}

} // namespace

ScriptedServer::Reply ScriptedServer::Reply::json(int status, const QByteArray &body, int delayMs)
{
    Reply r;
    r.status = status;
    r.body = body;
    r.delayMs = delayMs;
    r.headers.emplaceBack("Content-Type", "application/json; charset=UTF-8");
    return r;
}

ScriptedServer::Reply ScriptedServer::Reply::dropped(int delayMs)
{
    Reply r;
    r.drop = true;
    r.delayMs = delayMs;
    return r;
}

QByteArray ScriptedServer::Request::header(const QByteArray &lowercaseName) const
{
    for (const auto &[name, value] : headers) {
        if (name == lowercaseName)
            return value;
    }
    return {};
}

QByteArray ScriptedServer::Request::path() const
{
    const qsizetype q = target.indexOf('?');
    return q < 0 ? target : target.left(q);
}

QUrlQuery ScriptedServer::Request::query() const
{
    const qsizetype q = target.indexOf('?');
    return q < 0 ? QUrlQuery() : QUrlQuery(QString::fromLatin1(target.mid(q + 1)));
}

ScriptedServer::ScriptedServer(QObject *parent)
    : QObject(parent)
{
    m_clock.start();
    connect(&m_server, &QTcpServer::newConnection, this, &ScriptedServer::onNewConnection);
}

ScriptedServer::~ScriptedServer()
{
    // Sockets are our children; stop their signals reaching a half-destroyed server.
    for (auto it = m_connections.keyBegin(); it != m_connections.keyEnd(); ++it)
        disconnect(*it, nullptr, this, nullptr);
}

bool ScriptedServer::listen()
{
    return m_server.listen(QHostAddress::LocalHost, 0);
}

void ScriptedServer::close()
{
    m_server.close();
}

quint16 ScriptedServer::port() const
{
    return m_server.serverPort();
}

QUrl ScriptedServer::baseUrl() const
{
    return QUrl(u"http://127.0.0.1:"_s + QString::number(port()));
}

void ScriptedServer::enqueue(const Reply &reply)
{
    m_script.append(reply);
}

void ScriptedServer::setFallback(Handler handler)
{
    m_fallback = std::move(handler);
}

void ScriptedServer::onNewConnection()
{
    while (QTcpSocket *socket = m_server.nextPendingConnection()) {
        socket->setParent(this);
        m_connections.insert(socket, {});
        connect(socket, &QTcpSocket::readyRead, this, [this, socket] { onReadyRead(socket); });
        connect(socket, &QTcpSocket::disconnected, this, [this, socket] { onDisconnected(socket); });
        if (socket->bytesAvailable() > 0)
            onReadyRead(socket);
    }
}

void ScriptedServer::onReadyRead(QTcpSocket *socket)
{
    auto it = m_connections.find(socket);
    if (it == m_connections.end())
        return;
    Connection &c = *it;
    c.buffer += socket->readAll();
    if (c.answering || c.buffer.isEmpty())
        return;

    // Not an HTTP request line (TLS starts with byte 0x16): answer in plain text and hang up.
    const char first = c.buffer.at(0);
    if (first < 'A' || first > 'Z') {
        c.buffer.clear();
        socket->write("HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\nConnection: close\r\n\r\n");
        socket->disconnectFromHost();
        return;
    }

    const qsizetype headerEnd = c.buffer.indexOf("\r\n\r\n");
    if (headerEnd < 0)
        return;
    const QList<QByteArray> lines = c.buffer.left(headerEnd).split('\n');
    Request request;
    const QList<QByteArray> requestLine = lines.value(0).trimmed().split(' ');
    request.method = requestLine.value(0);
    request.target = requestLine.value(1);
    qsizetype contentLength = 0;
    for (qsizetype i = 1; i < lines.size(); ++i) {
        const QByteArray line = lines.at(i).trimmed();
        const qsizetype colon = line.indexOf(':');
        if (colon <= 0)
            continue;
        const QByteArray name = line.left(colon).trimmed().toLower();
        const QByteArray value = line.mid(colon + 1).trimmed();
        request.headers.append({name, value});
        if (name == "content-length")
            contentLength = value.toLongLong();
    }
    const qsizetype bodyStart = headerEnd + 4;
    if (c.buffer.size() < bodyStart + contentLength)
        return; // wait for the rest of the body
    request.body = c.buffer.mid(bodyStart, contentLength);
    c.buffer.remove(0, bodyStart + contentLength);
    c.answering = true;

    ++m_inFlight;
    m_maxConcurrent = std::max(m_maxConcurrent, m_inFlight);
    request.concurrent = m_inFlight;
    request.receivedAtMs = m_clock.elapsed();
    const int index = int(m_requests.size());
    m_requests.append(request);

    Reply reply;
    if (!m_script.isEmpty())
        reply = m_script.takeFirst();
    else if (m_fallback)
        reply = m_fallback(request);
    else
        reply = defaultReply(request, index);

    Q_EMIT requestReceived(index);
    if (reply.delayMs > 0)
        QTimer::singleShot(reply.delayMs, socket, [this, socket, reply] { answer(socket, reply); });
    else
        answer(socket, reply);
}

void ScriptedServer::answer(QTcpSocket *socket, const Reply &reply)
{
    auto it = m_connections.find(socket);
    if (it == m_connections.end() || !it->answering)
        return;
    it->answering = false;
    --m_inFlight;
    if (reply.drop) {
        socket->abort();
        return;
    }
    QByteArray out = "HTTP/1.1 " + QByteArray::number(reply.status) + ' ' + reasonPhrase(reply.status) + "\r\n";
    for (const auto &[name, value] : reply.headers)
        out += name + ": " + value + "\r\n";
    out += "Content-Length: " + QByteArray::number(reply.body.size()) + "\r\nConnection: close\r\n\r\n";
    out += reply.body;
    socket->write(out);
    socket->disconnectFromHost();
}

void ScriptedServer::onDisconnected(QTcpSocket *socket)
{
    const auto it = m_connections.find(socket);
    if (it == m_connections.end())
        return;
    if (it->answering)
        --m_inFlight; // the client gave up before the answer
    m_connections.erase(it);
    socket->deleteLater();
}
