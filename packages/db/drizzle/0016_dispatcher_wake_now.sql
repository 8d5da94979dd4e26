-- The dispatcher's wake-up is due at once instead of 200 ms after the commit. graphile-worker
-- is told of a new job at once (NOTIFY), but one whose run_at is still ahead is only found by
-- its next poll (pollInterval, 1 s): the 200 ms meant 0.2 to 1.2 s from an edit to its
-- revalidation. Events still travel in batches: while the dispatcher runs, every commit merges
-- into the one next wake-up (job key, preserve_run_at), which runs as soon as this one ends.
CREATE OR REPLACE FUNCTION shop_wake_dispatcher() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF current_setting('shop.dispatcher_woken', true) IS DISTINCT FROM 'on' THEN
    PERFORM set_config('shop.dispatcher_woken', 'on', true);
    PERFORM graphile_worker.add_job(
      'dispatch-events', '{}'::json,
      job_key => 'dispatch-events', job_key_mode => 'preserve_run_at',
      run_at => clock_timestamp());
  END IF;
  RETURN NULL;
END
$$;
