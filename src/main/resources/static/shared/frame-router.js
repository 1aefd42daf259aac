// The live link's frames (docs/delivery.md), handed by type to the app's handlers. Frames that change the
// conversation list wait while the list is read over REST and are then applied in the order they came (the inbox
// model recognises by seq what the read already reflects), so none falls between the read and the model. A frame of a
// type no handler takes is ignored: an app shows only what it knows.

export class FrameRouter {

    constructor() {
        this.routes = new Map();
        this.waiting = [];
        this.held = true; // until the list is first read
    }

    /**
     * Has `handler(frame)` take the frames of `type`. With `afterList`, they wait while the list is being read (and
     * until it first was).
     */
    on(type, handler, {afterList = false} = {}) {
        this.routes.set(type, {handler, afterList});
        return this;
    }

    route(frame) {
        const route = this.routes.get(frame.type);
        if (!route) {
            return;
        }
        if (route.afterList && this.held) {
            this.waiting.push(frame);
        } else {
            route.handler(frame);
        }
    }

    /** The list is being read: frames that change it wait. */
    hold() {
        this.held = true;
    }

    /** The list read is applied: what waited is applied after it, in order. */
    release() {
        this.held = false;
        const waiting = this.waiting;
        this.waiting = [];
        waiting.forEach(frame => this.route(frame));
    }
}
