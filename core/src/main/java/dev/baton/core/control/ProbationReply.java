package dev.baton.core.control;

/** The answer to one {@code baton commit} or {@code baton rollback}. Exactly one method is called, once, from the supervisor loop. */
public interface ProbationReply {
    /** The probation ended as asked; {@code what} says how, in one line. */
    void ended(String what);

    /** There was no flip in probation to end; {@code why} says what baton is doing instead. */
    void none(String why);
}
