#include "httpworker.h"

#include <QtNetwork/QNetworkAccessManager>

namespace capiqa::transport {

HttpWorker::HttpWorker(Done done) : m_done(std::move(done)) {}

HttpWorker::~HttpWorker()
{
    // Replies are children of the manager, which is our child: both go with us, unannounced.
    for (const Running &r : std::as_const(m_running))
        disconnect(r.reply, nullptr, this, nullptr);
}

void HttpWorker::post(quint64 id, const QNetworkRequest &request, const QByteArray &body)
{
    if (!m_nam) {
        m_nam = new QNetworkAccessManager(this);
        // A redirect would carry the access token (in the query) to wherever it points.
        m_nam->setRedirectPolicy(QNetworkRequest::ManualRedirectPolicy);
        // SendHandle runs its own whole-request deadline; Qt's is an inactivity timer.
        m_nam->setTransferTimeout(0);
    }
    Running &running = m_running[id];
    running.clock.start();
    QNetworkReply *reply = m_nam->post(request, body);
    running.reply = reply;
    const auto firstByte = [this, id] {
        const auto it = m_running.find(id);
        if (it != m_running.end() && it->firstByteMs < 0)
            it->firstByteMs = it->clock.elapsed();
    };
    connect(reply, &QNetworkReply::metaDataChanged, this, firstByte);
    connect(reply, &QNetworkReply::readyRead, this, firstByte);
#if QT_CONFIG(ssl)
    // Recorded for the error text only. TLS errors are never ignored: the handshake fails.
    connect(reply, &QNetworkReply::sslErrors, this, [this, id](const QList<QSslError> &errors) {
        const auto it = m_running.find(id);
        if (it == m_running.end())
            return;
        for (const QSslError &error : errors)
            it->tlsErrors << error.errorString();
    });
#endif
    connect(reply, &QNetworkReply::finished, this, [this, id] { finished(id); });
}

void HttpWorker::abort(quint64 id)
{
    const auto it = m_running.constFind(id);
    if (it != m_running.constEnd())
        it->reply->abort(); // emits finished(), which reports the exchange
}

void HttpWorker::finished(quint64 id)
{
    const auto it = m_running.find(id);
    if (it == m_running.end())
        return;
    const Running running = *it;
    m_running.erase(it);
    QNetworkReply *reply = running.reply;
    HttpExchange exchange;
    exchange.httpStatus = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    exchange.error = reply->error();
    exchange.errorText = reply->errorString();
    exchange.tlsErrors = running.tlsErrors;
    if (reply->isOpen()) // an aborted reply is closed, and reading it only warns
        exchange.body = reply->readAll();
    exchange.headers = reply->rawHeaderPairs();
    exchange.firstByteMs = running.firstByteMs;
    disconnect(reply, nullptr, this, nullptr);
    reply->deleteLater(); // not now: we may be inside its abort()
    m_done(id, exchange);
}

} // namespace capiqa::transport
