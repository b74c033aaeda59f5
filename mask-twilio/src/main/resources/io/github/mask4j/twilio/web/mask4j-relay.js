// mask4j relay client: sends video tracks to the JVM's RelayServer socket as JPEG frames.
// Wire format of one binary message: 4-byte big-endian header length, UTF-8 JSON header
// {"room","participant","track","timestamp"}, then the JPEG bytes. Answers are JSON text messages
// (welcome, result, state, unclassified, checked, refused) handed to onMessage.
// Edge mode (options.edge): the page classifies each frame itself and sends only a text message
// {"type":"label","room","participant","track","timestamp","label","confidence"}; 1 frame in edge.verifyEvery goes
// as a binary frame whose header also carries "label" and "confidence", for the server to check. If classifying
// fails, the relay falls back to sending frames.
// Mask4jRoomWatcher follows a twilio-video.js room for a relay: which remote video tracks to send, when to pause
// them, rejoining after a dropped connection and leaving a room nobody else is in.
(function () {
  'use strict';

  /**
   * options: url (ws://host:port/relay), token (relay token), room, fps (default 2, at most 10),
   * maxWidth (a cap on the frame's width; default none once the server announces a frame size, else 320),
   * onMessage(m), onOpen(), onClose(event), edge (optional: {classify(canvas) -> Promise of
   * {label, confidence}, verifyEvery}), onFallback(reason) (edge mode gave up: frames are sent from then on).
   */
  function Mask4jRelay(options) {
    const self = this;
    this.room = options.room;
    this.fps = Math.min(10, Math.max(0.2, Number(options.fps) || 2));
    this.maxWidth = options.maxWidth || 0;
    // the server's welcome says how many pixels the model needs on the frame's shorter side (frameShortSide):
    // frames are scaled down to that before encoding, never up
    this.frameShortSide = 0;
    this.tracks = new Map(); // participant/track -> entry
    this.stats = { sent: 0, skipped: 0, paused: 0, results: 0, refused: 0, unclassified: 0, lastRefusal: null,
      open: false, labels: 0, verifySent: 0, checked: 0, agreed: 0, flagged: 0, edgeMs: [], fallback: null };
    this.edge = options.edge || null;
    this.onFallback = options.onFallback || null;
    this.ws = new WebSocket(options.url + '?token=' + encodeURIComponent(options.token || ''));
    this.ws.binaryType = 'arraybuffer';
    this.ws.onopen = () => { self.stats.open = true; if (options.onOpen) { options.onOpen(); } };
    this.ws.onclose = (e) => { self.stats.open = false; if (options.onClose) { options.onClose(e); } };
    this.ws.onmessage = (e) => {
      const m = JSON.parse(e.data);
      if (m.type === 'welcome' && m.frameShortSide > 0) { self.frameShortSide = m.frameShortSide; }
      if (m.type === 'result') { self.stats.results++; }
      if (m.type === 'unclassified') { self.stats.unclassified++; }
      if (m.type === 'refused') { self.stats.refused++; self.stats.lastRefusal = m.reason; }
      if (m.type === 'checked') { self.stats.checked++; if (m.agrees) { self.stats.agreed++; } if (m.flagged) { self.stats.flagged++; } }
      if (options.onMessage) { options.onMessage(m); }
    };
    this.timer = setInterval(() => self.tracks.forEach((t) => self.sendFrame(t)), 1000 / this.fps);
  }

  /**
   * Starts sending a MediaStreamTrack, drawn from videoElement when given (e.g. the tile's own video), else from
   * a video element made here. remoteTrack (optional), the twilio-video.js RemoteVideoTrack: no frame is sent
   * while it is switched off (isSwitchedOff) or disabled by its publisher (!isEnabled), since the video element
   * then shows a frozen last frame, not the participant. Returns the track's entry.
   */
  Mask4jRelay.prototype.addTrack = function (participant, track, mediaStreamTrack, videoElement, remoteTrack) {
    const key = participant + '/' + track;
    if (this.tracks.has(key)) { return this.tracks.get(key); }
    let video = videoElement;
    if (!video) {
      video = document.createElement('video');
      video.autoplay = true; video.muted = true; video.playsInline = true;
      video.srcObject = new MediaStream([mediaStreamTrack]);
      video.play().catch(() => { /* muted videos may autoplay; a later frame tick retries drawing */ });
    }
    const entry = { participant: participant, track: track, video: video, own: !videoElement,
      canvas: document.createElement('canvas'), busy: false, remote: remoteTrack || null };
    this.tracks.set(key, entry);
    return entry;
  };

  Mask4jRelay.prototype.removeTrack = function (participant, track) {
    const key = participant + '/' + track;
    const t = this.tracks.get(key);
    if (t) { if (t.own) { t.video.srcObject = null; } this.tracks.delete(key); }
  };

  /**
   * How much a width x height picture is scaled before encoding: down (never up) so that its shorter side is at
   * most frameShortSide (when the server announced one) and its width at most maxWidth (when given); 320 pixels
   * wide when neither is known.
   */
  Mask4jRelay.scale = function (width, height, maxWidth, frameShortSide) {
    let s = 1;
    if (frameShortSide > 0) { s = Math.min(s, frameShortSide / Math.min(width, height)); }
    if (maxWidth > 0) { s = Math.min(s, maxWidth / width); }
    if (!(frameShortSide > 0) && !(maxWidth > 0)) { s = Math.min(s, 320 / width); }
    return s;
  };

  /** Whether a track's picture is live: not switched off by Twilio, not disabled by its publisher. */
  Mask4jRelay.isLive = function (remoteTrack) {
    return !remoteTrack || (!remoteTrack.isSwitchedOff && remoteTrack.isEnabled !== false);
  };

  Mask4jRelay.prototype.sendFrame = function (t) {
    const ws = this.ws;
    if (!this.stats.open || t.busy) { return; }
    if (!Mask4jRelay.isLive(t.remote)) { this.stats.paused++; return; }
    if (t.video.videoWidth === 0) { return; }
    // a slow socket: skip this tick rather than queue frames in the browser
    if (ws.bufferedAmount > 512 * 1024) { this.stats.skipped++; return; }
    const scale = Mask4jRelay.scale(t.video.videoWidth, t.video.videoHeight, this.maxWidth, this.frameShortSide);
    t.canvas.width = Math.round(t.video.videoWidth * scale);
    t.canvas.height = Math.round(t.video.videoHeight * scale);
    t.canvas.getContext('2d').drawImage(t.video, 0, 0, t.canvas.width, t.canvas.height);
    t.busy = true;
    const timestamp = Math.round(performance.timeOrigin + performance.now());
    const header = { room: this.room, participant: t.participant, track: t.track, timestamp: timestamp };
    if (this.edge) { this.sendLabel(t, header); return; }
    this.sendJpeg(t, header);
  };

  /** The canvas's frame as JPEG, with the header, in one binary message; frees the track when sent. */
  Mask4jRelay.prototype.sendJpeg = function (t, fields) {
    const ws = this.ws;
    const self = this;
    t.canvas.toBlob((blob) => {
      t.busy = false;
      if (!blob) { return; }
      blob.arrayBuffer().then((jpeg) => {
        if (ws.readyState !== WebSocket.OPEN) { return; }
        const header = new TextEncoder().encode(JSON.stringify(fields));
        const msg = new Uint8Array(4 + header.length + jpeg.byteLength);
        new DataView(msg.buffer).setUint32(0, header.length);
        msg.set(header, 4);
        msg.set(new Uint8Array(jpeg), 4 + header.length);
        ws.send(msg.buffer);
        self.stats.sent++;
        if (fields.label !== undefined) { self.stats.verifySent++; }
      });
    }, 'image/jpeg', 0.8);
  };

  /** Edge mode: classifies the canvas here and sends the label (1 in verifyEvery with the frame itself). */
  Mask4jRelay.prototype.sendLabel = function (t, header) {
    const self = this;
    const edge = this.edge;
    t.ticks = (t.ticks || 0) + 1;
    const verify = edge.verifyEvery > 0 && (t.ticks - 1) % edge.verifyEvery === 0;
    const started = performance.now();
    Promise.resolve().then(() => edge.classify(t.canvas)).then((r) => {
      const ms = performance.now() - started;
      self.stats.edgeMs.push(ms);
      if (self.stats.edgeMs.length > 500) { self.stats.edgeMs.shift(); }
      header.label = r.label;
      header.confidence = r.confidence;
      self.stats.labels++;
      if (verify) { self.sendJpeg(t, header); return; } // the same pixels the label was computed on
      t.busy = false;
      if (self.ws.readyState !== WebSocket.OPEN) { return; }
      self.ws.send(JSON.stringify(Object.assign({ type: 'label' }, header)));
    }).catch((e) => {
      t.busy = false;
      self.fallBack('classifying in the page failed: ' + (e && e.message ? e.message : e));
    });
  };

  /** Leaves edge mode for good: frames are sent from the next tick on. */
  Mask4jRelay.prototype.fallBack = function (reason) {
    if (!this.edge) { return; }
    this.edge = null;
    this.stats.fallback = reason;
    if (this.onFallback) { this.onFallback(reason); }
  };

  /** Switches edge mode on with a (new) classifier, e.g. after the model was retrained; null switches it off. */
  Mask4jRelay.prototype.setEdge = function (edge) {
    this.edge = edge || null;
    if (edge) { this.stats.fallback = null; }
  };

  /** Stops sending and closes the socket (the server then ends the tracks). */
  Mask4jRelay.prototype.close = function () {
    clearInterval(this.timer);
    this.tracks.forEach((t) => { if (t.own) { t.video.srcObject = null; } });
    this.tracks.clear();
    this.ws.close();
  };

  // Errors after which joining again cannot help: the room ended, another client took this identity, the token is
  // invalid or expired (twilio-video.js TwilioError codes).
  const FINAL_DISCONNECTS = { 53118: 'room completed', 53205: 'another participant joined with this identity',
    20101: 'invalid access token', 20104: 'access token expired' };

  /**
   * Follows a twilio-video.js room for a relay: every remote participant's video track is handed to onTrack when
   * subscribed (with its RemoteVideoTrack, so the relay pauses it while switched off or disabled) and to onTrackGone
   * when unsubscribed or its participant left; 'disconnected' with an error rejoins after a logged back-off; once
   * nobody but monitors is left in the room it leaves after a grace period, so that Twilio can end the room.
   *
   * options: video (Twilio.Video), token, room (name), connectOptions (merged into the connect options; default
   * audio and video false: publish nothing), onTrack(identity, trackName, mediaStreamTrack, remoteTrack),
   * onTrackGone(identity, trackName), onTrackState(identity, trackName, live, why), onJoined(room), onLeft(reason),
   * log(message), isMonitor(identity) (default: identities starting with "mask4j-monitor"), emptyGraceMs (default
   * 30000; 0 never leaves), backoffMs (default 1000, doubled per failed attempt up to maxBackoffMs, default 30000),
   * maxRejoins (default 10 in a row).
   */
  function Mask4jRoomWatcher(options) {
    this.o = options;
    this.log = options.log || function () {};
    this.isMonitor = options.isMonitor || function (identity) { return String(identity).indexOf('mask4j-monitor') === 0; };
    this.emptyGraceMs = options.emptyGraceMs === undefined ? 30000 : options.emptyGraceMs;
    this.backoffMs = options.backoffMs || 1000;
    this.maxBackoffMs = options.maxBackoffMs || 30000;
    this.maxRejoins = options.maxRejoins === undefined ? 10 : options.maxRejoins;
    this.room = null;
    this.stopped = false;
    this.failures = 0; // failed joins or drops in a row
    this.aloneTimer = null;
    this.rejoinTimer = null;
    this.tracks = new Map(); // identity/trackName -> true
    this.stats = { joins: 0, rejoins: 0, left: null };
  }

  /**
   * Joins the room; resolves with the twilio-video.js Room, or rejects if this first attempt fails (nothing is
   * retried then: the caller shows the error). Rejoins after a later drop are retried with the back-off.
   */
  Mask4jRoomWatcher.prototype.start = function () {
    return this.connect();
  };

  Mask4jRoomWatcher.prototype.connect = function () {
    const self = this;
    const opts = Object.assign({ name: this.o.room, audio: false, video: false }, this.o.connectOptions || {});
    return this.o.video.connect(this.o.token, opts).then((room) => {
      if (self.stopped) { room.disconnect(); return room; }
      self.room = room;
      self.failures = 0;
      self.stats.joins++;
      self.log('joined ' + room.name + ' as ' + room.localParticipant.identity);
      room.participants.forEach((p) => self.watch(p));
      room.on('participantConnected', (p) => { self.watch(p); self.checkAlone(); });
      room.on('participantDisconnected', (p) => { self.forget(p.identity); self.checkAlone(); });
      room.on('reconnecting', (e) => self.log('connection to Twilio lost, reconnecting: ' + (e && e.message)));
      room.on('reconnected', () => self.log('reconnected to Twilio'));
      room.on('disconnected', (r, error) => self.disconnected(r, error));
      if (self.o.onJoined) { self.o.onJoined(room); }
      self.checkAlone();
      return room;
    }, (error) => {
      self.log('joining ' + self.o.room + ' failed: ' + (error && (error.code ? error.code + ' ' : '') + error.message));
      if (self.stats.joins > 0) { self.retry(error); }
      throw error;
    });
  };

  Mask4jRoomWatcher.prototype.watch = function (p) {
    const self = this;
    if (this.isMonitor(p.identity)) { return; } // another monitor: nothing to classify, and it is not company
    const add = (track) => {
      if (track.kind !== 'video') { return; }
      self.tracks.set(p.identity + '/' + track.name, true);
      if (self.o.onTrack) { self.o.onTrack(p.identity, track.name, track.mediaStreamTrack, track); }
      if (!Mask4jRelay.isLive(track)) { self.trackState(p.identity, track); }
    };
    p.tracks.forEach((pub) => { if (pub.track) { add(pub.track); } });
    p.on('trackSubscribed', add);
    p.on('trackUnsubscribed', (track) => { if (track.kind === 'video') { self.gone(p.identity, track.name); } });
    ['trackSwitchedOff', 'trackSwitchedOn', 'trackDisabled', 'trackEnabled'].forEach((event) =>
      p.on(event, (track) => { if (track.kind === 'video') { self.trackState(p.identity, track); } }));
  };

  Mask4jRoomWatcher.prototype.trackState = function (identity, track) {
    const live = Mask4jRelay.isLive(track);
    const why = live ? 'live' : (track.isSwitchedOff ? 'switched off' : 'disabled');
    this.log(identity + ' ' + track.name + ': ' + why + (live ? '' : ', not classified'));
    if (this.o.onTrackState) { this.o.onTrackState(identity, track.name, live, why); }
  };

  Mask4jRoomWatcher.prototype.gone = function (identity, trackName) {
    if (this.tracks.delete(identity + '/' + trackName) && this.o.onTrackGone) { this.o.onTrackGone(identity, trackName); }
  };

  Mask4jRoomWatcher.prototype.forget = function (identity) {
    const self = this;
    Array.from(this.tracks.keys()).filter((k) => k.indexOf(identity + '/') === 0)
      .forEach((k) => self.gone(identity, k.substring(identity.length + 1)));
  };

  /** Others present (monitors do not count). */
  Mask4jRoomWatcher.prototype.others = function () {
    const self = this;
    return this.room ? Array.from(this.room.participants.values()).filter((p) => !self.isMonitor(p.identity)).length : 0;
  };

  Mask4jRoomWatcher.prototype.checkAlone = function () {
    const self = this;
    if (this.others() > 0 || !this.room) {
      if (this.aloneTimer) { clearTimeout(this.aloneTimer); this.aloneTimer = null; this.log('no longer alone'); }
      return;
    }
    if (this.emptyGraceMs <= 0 || this.aloneTimer) { return; }
    this.log('nobody else in ' + this.room.name + ': leaving in ' + Math.round(this.emptyGraceMs / 1000) + ' s unless someone joins');
    this.aloneTimer = setTimeout(() => {
      self.aloneTimer = null;
      if (self.others() === 0) { self.stop('nobody else in the room'); }
    }, this.emptyGraceMs);
  };

  Mask4jRoomWatcher.prototype.disconnected = function (room, error) {
    const self = this;
    Array.from(this.tracks.keys()).forEach((k) => {
      const i = k.indexOf('/');
      self.gone(k.substring(0, i), k.substring(i + 1));
    });
    if (this.aloneTimer) { clearTimeout(this.aloneTimer); this.aloneTimer = null; }
    this.room = null;
    if (this.stopped) { return; }
    if (!error) {
      this.log('disconnected from ' + room.name);
      this.left('disconnected');
      return;
    }
    this.log('disconnected from ' + room.name + ': ' + (error.code ? error.code + ' ' : '') + error.message);
    this.retry(error);
  };

  Mask4jRoomWatcher.prototype.retry = function (error) {
    const self = this;
    if (this.stopped) { return; }
    const final = error && FINAL_DISCONNECTS[error.code];
    if (final) {
      this.log('not rejoining: ' + final);
      this.left(final);
      return;
    }
    this.failures++;
    if (this.failures > this.maxRejoins) {
      this.log('not rejoining: ' + this.maxRejoins + ' attempts in a row failed');
      this.left('gave up rejoining');
      return;
    }
    const delay = Math.min(this.maxBackoffMs, this.backoffMs * Math.pow(2, this.failures - 1));
    this.log('rejoining ' + this.o.room + ' in ' + (delay / 1000) + ' s (attempt ' + this.failures + ')');
    this.rejoinTimer = setTimeout(() => {
      self.rejoinTimer = null;
      if (self.stopped) { return; }
      self.stats.rejoins++;
      self.connect().catch(() => { /* logged, and retried by connect's handler */ });
    }, delay);
  };

  Mask4jRoomWatcher.prototype.left = function (reason) {
    this.stopped = true;
    this.stats.left = reason;
    if (this.o.onLeft) { this.o.onLeft(reason); }
  };

  /** Leaves the room for good (no rejoin). */
  Mask4jRoomWatcher.prototype.stop = function (reason) {
    if (this.stopped) { return; }
    this.stopped = true;
    if (this.rejoinTimer) { clearTimeout(this.rejoinTimer); this.rejoinTimer = null; }
    if (this.aloneTimer) { clearTimeout(this.aloneTimer); this.aloneTimer = null; }
    const room = this.room;
    this.log('leaving' + (room ? ' ' + room.name : '') + (reason ? ': ' + reason : ''));
    this.stats.left = reason || 'stopped';
    if (room) { room.disconnect(); }
    this.room = null;
    if (this.o.onLeft) { this.o.onLeft(this.stats.left); }
  };

  window.Mask4jRelay = Mask4jRelay;
  window.Mask4jRoomWatcher = Mask4jRoomWatcher;
})();
