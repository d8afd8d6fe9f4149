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
        return switch (this) {
            case DIAL -> TRANSPORT;
            case TRANSPORT -> DH_EXCHANGE;
            case DH_EXCHANGE -> AUTH_KEY;
            case AUTH_KEY -> SESSION;
            case SESSION, INIT -> INIT;
        };
    }

    /** {@code step 3 (DH exchange)} as failures name it. */
    String label() {
        return "step " + number + " (" + title + ")";
    }
}
