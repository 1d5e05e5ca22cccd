#pragma once

#include "emulatordefaults.h"
#include "eventstore.h"
#include "faultspec.h"
#include "recordfile.h"

#include <QtCore/QObject>
#include <QtCore/QPointer>
#include <QtCore/QStringList>
#include <QtCore/QUrl>
#include <QtNetwork/QHostAddress>

#include <memory>

QT_BEGIN_NAMESPACE
class QHttpServer;
class QHttpServerRequest;
class QHttpServerResponder;
class QHttpServerResponse;
class QTcpServer;
QT_END_NAMESPACE

namespace capiqa::emulator {

/// A summary of one answered request, for logs and the emulator page. Holds no token: the
/// path is the URL path without the query string.
struct HandledRequest
{
    qint64 receivedMs = 0;
    QString method;
    QString path;
    int httpStatus = 0;     ///< 0 = the connection was dropped without an answer
    int graphErrorCode = 0; ///< the Graph error code answered, 0 for none
    Fault fault = Fault::None;
    int eventCount = 0; ///< events read from the request (accepted or not)
    int delayMs = 0;    ///< how late the answer is sent (Fault::Slow)
    QString fbtraceId;
};

/// The built-in local Graph API: a real HTTP server (default 127.0.0.1) that answers like
/// graph.facebook.com for the Conversions API edge and like facebook.com/tr for the Pixel, so
/// events can be fired without a Meta account and the client has a realistic peer.
///
/// Serves:
///  - POST /{vNN.N}/{pixel_id}/events?access_token=… : JSON or form body (data=<json array>);
///    the core validator decides; answers {"events_received":N,"messages":[],"fbtrace_id"} or a
///    Graph error (190 bad token, 100 invalid parameter / malformed body). The token may also be
///    in the body's access_token field. Injected faults apply to this route only.
///  - GET|POST /tr and /tr/ : Pixel hits (id, ev, eid, dl, rl, ts, cd[…], ud[…], fbp, fbc);
///    GET answers a 1x1 GIF, POST an empty 200. A hit without id or ev is answered but not
///    recorded.
///  - GET /_capiqa/events?since=MS&pixel=&event_name=&event_id=&source=&test_event_code=
///    &accepted=1&limit=&raw=1 → {"events":[…],"next_since":MS,"truncated":bool};
///    DELETE /_capiqa/events clears; GET /_capiqa/health → {"ok":true,"version":…}.
///  - anything else: 404 with a Graph error (code 2500).
///
/// Every event read from a request is recorded with the HTTP status the request got (see
/// ReceivedEvent::httpStatus), including rejected and fault-injected ones; a malformed body
/// records nothing. The access token is never recorded, logged or written.
class GraphEmulator final : public QObject
{
    Q_OBJECT

public:
    explicit GraphEmulator(QObject *parent = nullptr);
    ~GraphEmulator() override;

    /// Port 0 picks a free port (tests). Listening again first closes the previous socket.
    bool listen(const QHostAddress &address = QHostAddress::LocalHost, quint16 port = 0);
    /// Stops accepting connections and drops open ones (late answers are not sent).
    void close();
    bool isListening() const;
    quint16 serverPort() const;
    /// "http://127.0.0.1:PORT": what a client profile uses as its Graph base URL.
    QUrl baseUrl() const;
    /// Why listen() or setRecordFile() failed.
    QString errorString() const;

    /// Default {LocalAccessToken}. An empty list accepts any non-empty token.
    void setAcceptedTokens(const QStringList &tokens);
    QStringList acceptedTokens() const;

    /// Takes effect for the next request and restarts the seeded sequence.
    void setFaultSpec(const FaultSpec &spec);
    FaultSpec faultSpec() const;

    /// Appends every recorded event to a JSON Lines file; an empty path stops recording.
    /// False (see errorString()) when the file cannot be opened. Later write failures stop
    /// recording and are reported by recordFileFailed(); they never affect answers.
    bool setRecordFile(const QString &path);
    QString recordFile() const;

    /// The "now" (Unix seconds) the validator checks event_time against; 0 = the clock.
    /// Replays of captured requests set it to the capture time.
    void setReferenceTime(qint64 unixSeconds);
    qint64 referenceTime() const;

    EventStore &store() { return m_store; }
    const EventStore &store() const { return m_store; }

Q_SIGNALS:
    /// The events of one request were recorded (with the status the request got).
    void eventsReceived(const QList<capiqa::emulator::ReceivedEvent> &events);
    /// A request was answered (or dropped, or scheduled for a late answer).
    void requestHandled(const capiqa::emulator::HandledRequest &request);
    /// Writing the record file failed; recording has stopped.
    void recordFileFailed(const QString &message);

private:
    void setUpRoutes();
    // graphroutes.cpp
    void handleEvents(const QString &version, const QString &pixelId, const QHttpServerRequest &request,
                      QHttpServerResponder &&responder);
    void handlePixel(const QHttpServerRequest &request, QHttpServerResponder &&responder);
    void handleReadEvents(const QHttpServerRequest &request, QHttpServerResponder &&responder);
    void handleHealth(const QHttpServerRequest &request, QHttpServerResponder &&responder);
    void handleMissing(const QHttpServerRequest &request, QHttpServerResponder &&responder);

    /// Stores, writes to the record file and announces the events of one request.
    void record(QList<ReceivedEvent> events);
    /// Answers now, or `delayMs` later without blocking (the socket may be gone by then).
    void answer(QHttpServerResponder &&responder, QHttpServerResponse &&response, int delayMs = 0);
    /// Closes the connection without an answer.
    void drop(QHttpServerResponder &&responder);
    bool tokenAccepted(const QString &token) const;

    std::unique_ptr<QHttpServer> m_server;
    QPointer<QTcpServer> m_tcp;
    QString m_error;
    QStringList m_tokens;
    FaultInjector m_faults;
    RecordFile m_recordFile;
    qint64 m_referenceTime = 0;
    EventStore m_store;
};

} // namespace capiqa::emulator
