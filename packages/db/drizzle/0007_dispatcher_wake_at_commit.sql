-- The dispatcher is woken when a transaction that wrote domain events commits, not while it
-- runs. Waking it is an upsert of one shared row (the `dispatch-events` job under its key), and
-- a row lock is held until commit: taken in the middle of a checkout, it made every concurrent
-- checkout and order wait for each other's whole transaction. A deferred constraint trigger
-- takes it at commit, once per transaction (the transaction-local flag), after every other lock.
CREATE FUNCTION shop_wake_dispatcher() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF current_setting('shop.dispatcher_woken', true) IS DISTINCT FROM 'on' THEN
    PERFORM set_config('shop.dispatcher_woken', 'on', true);
    PERFORM graphile_worker.add_job(
      'dispatch-events', '{}'::json,
      job_key => 'dispatch-events', job_key_mode => 'preserve_run_at',
      run_at => clock_timestamp() + interval '200 milliseconds');
  END IF;
  RETURN NULL;
END
$$;--> statement-breakpoint
CREATE CONSTRAINT TRIGGER domain_events_wake_dispatcher
  AFTER INSERT ON domain_events
  DEFERRABLE INITIALLY DEFERRED
  FOR EACH ROW EXECUTE FUNCTION shop_wake_dispatcher();
