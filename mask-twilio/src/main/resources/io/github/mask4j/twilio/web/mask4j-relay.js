// mask4j relay client: sends video tracks to the JVM's RelayServer socket as JPEG frames.
// Wire format of one binary message: 4-byte big-endian header length, UTF-8 JSON header
// {"room","participant","track","timestamp"}, then the JPEG bytes. Answers are JSON text messages
// (welcome, result, state, unclassified, refused) handed to onMessage.
(function () {
  'use strict';

  /**
   * options: url (ws://host:port/relay), token (relay token), room, fps (default 2, at most 10),
   * maxWidth (default 320), onMessage(m), onOpen(), onClose(event).
   */
  function Mask4jRelay(options) {
    const self = this;
    this.room = options.room;
    this.fps = Math.min(10, Math.max(0.2, Number(options.fps) || 2));
    this.maxWidth = options.maxWidth || 320;
    this.tracks = new Map(); // participant/track -> entry
    this.stats = { sent: 0, skipped: 0, results: 0, refused: 0, unclassified: 0, lastRefusal: null, open: false };
    this.ws = new WebSocket(options.url + '?token=' + encodeURIComponent(options.token || ''));
    this.ws.binaryType = 'arraybuffer';
    this.ws.onopen = () => { self.stats.open = true; if (options.onOpen) { options.onOpen(); } };
    this.ws.onclose = (e) => { self.stats.open = false; if (options.onClose) { options.onClose(e); } };
    this.ws.onmessage = (e) => {
      const m = JSON.parse(e.data);
      if (m.type === 'result') { self.stats.results++; }
      if (m.type === 'unclassified') { self.stats.unclassified++; }
      if (m.type === 'refused') { self.stats.refused++; self.stats.lastRefusal = m.reason; }
      if (options.onMessage) { options.onMessage(m); }
    };
    this.timer = setInterval(() => self.tracks.forEach((t) => self.sendFrame(t)), 1000 / this.fps);
  }

  /**
   * Starts sending a MediaStreamTrack, drawn from videoElement when given (e.g. the tile's own video), else from
   * a video element made here. Returns the track's entry.
   */
  Mask4jRelay.prototype.addTrack = function (participant, track, mediaStreamTrack, videoElement) {
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
      canvas: document.createElement('canvas'), busy: false };
    this.tracks.set(key, entry);
    return entry;
  };

  Mask4jRelay.prototype.removeTrack = function (participant, track) {
    const key = participant + '/' + track;
    const t = this.tracks.get(key);
    if (t) { if (t.own) { t.video.srcObject = null; } this.tracks.delete(key); }
  };

  Mask4jRelay.prototype.sendFrame = function (t) {
    const ws = this.ws;
    if (!this.stats.open || t.busy || t.video.videoWidth === 0) { return; }
    // a slow socket: skip this tick rather than queue frames in the browser
    if (ws.bufferedAmount > 512 * 1024) { this.stats.skipped++; return; }
    const scale = Math.min(1, this.maxWidth / t.video.videoWidth);
    t.canvas.width = Math.round(t.video.videoWidth * scale);
    t.canvas.height = Math.round(t.video.videoHeight * scale);
    t.canvas.getContext('2d').drawImage(t.video, 0, 0, t.canvas.width, t.canvas.height);
    t.busy = true;
    const timestamp = Math.round(performance.timeOrigin + performance.now());
    const self = this;
    t.canvas.toBlob((blob) => {
      t.busy = false;
      if (!blob) { return; }
      blob.arrayBuffer().then((jpeg) => {
        if (ws.readyState !== WebSocket.OPEN) { return; }
        const header = new TextEncoder().encode(JSON.stringify(
          { room: self.room, participant: t.participant, track: t.track, timestamp: timestamp }));
        const msg = new Uint8Array(4 + header.length + jpeg.byteLength);
        new DataView(msg.buffer).setUint32(0, header.length);
        msg.set(header, 4);
        msg.set(new Uint8Array(jpeg), 4 + header.length);
        ws.send(msg.buffer);
        self.stats.sent++;
      });
    }, 'image/jpeg', 0.8);
  };

  /** Stops sending and closes the socket (the server then ends the tracks). */
  Mask4jRelay.prototype.close = function () {
    clearInterval(this.timer);
    this.tracks.forEach((t) => { if (t.own) { t.video.srcObject = null; } });
    this.tracks.clear();
    this.ws.close();
  };

  window.Mask4jRelay = Mask4jRelay;
})();
