package io.mtj.cli;

/** The six steps of {@code mtj connect}, numbered and named as the output shows them. */
enum Step {
    DIAL(1, "dial"),
    TRANSPORT(2, "transport tag"),
    DH_EXCHANGE(3, "DH exchange"),
    AUTH_KEY(4, "auth key"),
    SESSION(5, "encrypted session"),
    INIT(6, "initConnection + help.getConfig");

    private final int number;
    private final String title;

    Step(int number, String title) {
        this.number = number;
        this.title = title;
    }

    int number() {
        return number;
    }

    String title() {
        return title;
    }

    /** The step after this one, or this one when it is the last. */
    Step next() {
        Step[] all = values();
        return ordinal() + 1 < all.length ? all[ordinal() + 1] : this;
    }

    /** {@code step 3 (DH exchange)} as failures name it. */
    String label() {
        return "step " + number + " (" + title + ")";
    }
}
