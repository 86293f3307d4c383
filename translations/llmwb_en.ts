<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en_US">
<context>
    <name>ConfigErrorText</name>
    <message>
        <source>must be at least 1 (it is %1)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>must be more than 0</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>must not be negative</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>must be at least 1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>must divide %1 (%2 is not a multiple of %3)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>must divide %1 (%2)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>fewer key/value heads than heads needs the llama architecture</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>width divided by heads must be even for rotary embeddings</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>must be 0 (automatic) or more</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>must be at least 0 and below 1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>must be between 0 and 1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>must be above 0 and below 10</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>must be at most the model&apos;s %1 (%2)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>needs validation (%1 above 0)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>is too large</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>no dataset is picked</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1: %2</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>DeleteConfirmation</name>
    <message>
        <source>%1: running, will be kept (cancel it first)</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>%1: folder %2, %n checkpoint(s), %3</source>
        <translation>
            <numerusform>%1: folder %2, %n checkpoint, %3</numerusform>
            <numerusform>%1: folder %2, %n checkpoints, %3</numerusform>
        </translation>
    </message>
    <message>
        <source>(none)</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>Delete %n run(s)?</source>
        <translation>
            <numerusform>Delete %n run?</numerusform>
            <numerusform>Delete %n runs?</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Their metrics, samples and notes, %n checkpoint file(s) and the run folders will be deleted, freeing %1. This cannot be undone.</source>
        <translation>
            <numerusform>Its metrics, samples and notes, %n checkpoint file and the run folder will be deleted, freeing %1. This cannot be undone.</numerusform>
            <numerusform>Their metrics, samples and notes, %n checkpoint files and the run folders will be deleted, freeing %1. This cannot be undone.</numerusform>
        </translation>
    </message>
    <message>
        <source>Delete runs</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Running runs cannot be deleted; cancel them first.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Delete</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>NumberText</name>
    <message>
        <source>%1 GiB</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 MiB</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>QGnomeTheme</name>
    <message>
        <source>&amp;OK</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Save</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Cancel</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Close</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Close without Saving</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>QPlatformTheme</name>
    <message>
        <source>OK</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Save</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Save All</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Open</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Yes</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Yes to &amp;All</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;No</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>N&amp;o to All</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Abort</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Retry</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Ignore</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Close</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Discard</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Help</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Apply</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Reset</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Restore Defaults</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>RunDisplay</name>
    <message>
        <source>Created</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Running</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Paused</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Completed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cancelled</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Diverged</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Failed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Interrupted</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 s</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 min %2 s</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 h %2 min</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 d %2 h</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>#%1 %2</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>RunSummaryText</name>
    <message>
        <source>Run #%1: its record could not be read (%2).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&lt;b&gt;Run #%1 %2&lt;/b&gt; at step %3</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>best validation loss &lt;b&gt;%1&lt;/b&gt; at step %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>no validation loss measured</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 of training</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 tokens seen</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>%n checkpoint(s) in %1</source>
        <translation type="unfinished">
            <numerusform></numerusform>
            <numerusform></numerusform>
        </translation>
    </message>
</context>
<context>
    <name>RunsStoreJobs</name>
    <message>
        <source>Run #%1 is running; cancel it before deleting it.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1: kept (outside the project folder)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1: kept (not a run folder of this project)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>— step %1 —</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>SavedTrainSetupText</name>
    <message>
        <source>%1: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1: not the Train panel&apos;s settings (%2); the form starts from the defaults</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Could not save the Train panel&apos;s settings to %1: %2</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>lw::ui::AnswerStats</name>
    <message>
        <source>first token %1 ms</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 tokens/s</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>%n token(s)</source>
        <translation>
            <numerusform>%n token</numerusform>
            <numerusform>%n tokens</numerusform>
        </translation>
    </message>
    <message>
        <source>stopped</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>context full</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>length limit</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>lw::ui::ApiServerControl</name>
    <message>
        <source>API server · %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Stop API</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Serve API</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Serve the chosen model to other programs over an OpenAI-compatible HTTP API (/v1/models, /v1/completions, /v1/chat/completions) on this computer only</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>starting…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>API at %1/v1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Port</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>any free</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The port the API listens on at 127.0.0.1 (any free one when 0)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The API server stopped: %1</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>lw::ui::ChatPanel</name>
    <message>
        <source>Loading the model…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Training the demo model (only this once): step %1 of %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The model could not be loaded: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No model loaded</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The project&apos;s runs could not be read: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Model</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A checkpoint of one of the project&apos;s runs, or the demo model</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Read the project&apos;s runs and checkpoints again</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Chat</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Decoding lab</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Compare models</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The API answers at %1/v1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Looking for the demo model…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Preparing the demo model&apos;s training…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source> · %1 left</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Run #%1 is training the demo model in another process: step %2 of %3</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source> · what you send is answered when it is ready</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Ready · the model reads up to %1 tokens</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Send the message, run the lab or the comparison</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Stop the answer</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Write the last answer again</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>New conversation</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 is not an adapter folder.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Adapter</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The adapter&apos;s chat template could not be read: %1</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>lw::ui::ChatTemplatePicker</name>
    <message>
        <source>%1 (custom)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Custom template file…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A JSON file with the fields name, bos, system, user, assistant and stop</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Chat template</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Chat templates (*.json);;All files (*)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>This chat template cannot be used:
%1</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>lw::ui::ChatView</name>
    <message>
        <source>The conversations could not be read or saved: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Conversations</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>New</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Start a new conversation (Ctrl+N)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Delete</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Delete the selected conversation</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Write a message; Ctrl+Enter sends it</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Send</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Send the message (Ctrl+Enter)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Stop</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Stop the answer being written (Esc)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Regenerate</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Write the last answer again with the next seed (Ctrl+R)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Chat template</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>How the conversation is written out for the model</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>System prompt</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Instructions the model sees before the conversation (optional)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Decoding</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>(untitled)</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>%n message(s), last changed %1</source>
        <translation>
            <numerusform>%n message, last changed %1</numerusform>
            <numerusform>%n messages, last changed %1</numerusform>
        </translation>
    </message>
    <message>
        <source>This conversation&apos;s settings could not be read (%1); the current ones stay.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Delete conversation</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Delete this conversation and all its messages? This cannot be undone.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No answer: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Context: %1 of %2 tokens (%3 %)</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source> · the first %n message(s) no longer fit: the model does not read them</source>
        <translation>
            <numerusform> · the first message no longer fits: the model does not read it</numerusform>
            <numerusform> · the first %n messages no longer fit: the model does not read them</numerusform>
        </translation>
    </message>
    <message>
        <source>How much of what the model can read at once the conversation takes. When it is full, the oldest exchanges are left out (the system prompt always stays).</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>lw::ui::ConfigDiffModel</name>
    <message>
        <source>—</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Not set in this run</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Setting</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>lw::ui::ConfigDiffView</name>
    <message>
        <source>Show only differences</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Select runs to compare their settings.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 of %2 settings differ</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>lw::ui::ConfigFieldHelp</name>
    <message>
        <source>sequences per optimizer micro-step</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>tokens per training sequence (0: the model&apos;s context length)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>distance in tokens between the starts of training sequences (0: the context, no overlap)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>visit training sequences in a seeded random order each epoch</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>optimizer steps to train for</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>peak learning rate, reached after warm-up</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the schedule ends at learning_rate times this</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>steps of linear warm-up from zero to the peak learning rate</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>decay after warm-up: cosine, linear or constant</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>AdamW decoupled weight decay, applied to matrices and embeddings only</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>AdamW first-moment decay</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>AdamW second-moment decay</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>AdamW denominator epsilon</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>clip the global gradient norm to this (0: no clipping)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>micro-batches accumulated per optimizer step</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>steps between validation-loss evaluations (0: never)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>validation batches per evaluation (0: the whole validation split)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>steps between sample generations (0: never)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>text the samples continue (empty: start of a document)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>tokens generated per sample</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>sampling temperature of the samples (0: greedy)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>sample among the k most likely tokens (0: all)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>steps between checkpoints (0: only at the end)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>periodic checkpoints to keep; the best one is kept apart</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>stop after this many evaluations without improvement (0: off)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>smallest validation-loss decrease that counts as improvement</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>steps between progress reports and recorded metrics</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>seed of every random choice (initialisation, data order, dropout, samples)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>CPU threads for tensor operations (0: all cores)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>cpu, cuda or cuda:N</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>fp32, or bf16 mixed precision</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>architecture: gpt2 (learned positions, LayerNorm, GELU) or llama (RoPE, RMSNorm, SwiGLU, GQA)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>number of transformer blocks</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>width of the residual stream (embedding size)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>attention heads (must divide d_model)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>key/value heads for grouped-query attention (0: as many as n_head; llama only)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>longest sequence the model reads, in tokens</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>hidden width of the feed-forward block (0: 4 x d_model, or the SwiGLU rule for llama)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>vocabulary size (at least the tokenizer&apos;s)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>dropout on embeddings and residual branches while training</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>biases in linear layers and LayerNorm (gpt2)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>share the input embedding with the output projection</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>epsilon of the normalisation layers</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>base of the rotary position frequencies (llama)</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>lw::ui::ConfigFieldLabel</name>
    <message>
        <source>Batch size</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Sequence length</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Stride</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Shuffle</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Steps</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Learning rate</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Final learning rate ratio</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Warm-up steps</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Schedule</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Weight decay</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Adam β1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Adam β2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Adam ε</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Gradient clipping</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Gradient accumulation</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Evaluate every</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Evaluation batches</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Sample every</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Sample prompt</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Sample length</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Sample temperature</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Sample top-k</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Checkpoint every</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Checkpoints kept</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Early-stopping patience</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Early-stopping minimum gain</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Log every</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Seed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Threads</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Device</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Precision</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Architecture</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Layers</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Width</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Heads</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Key/value heads</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Context</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Feed-forward width</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Vocabulary</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Dropout</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Optimizer</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Data</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Validation</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Samples</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Checkpoints and logging</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Compute</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Other</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>lw::ui::DatasetSection</name>
    <message>
        <source>%1 training tokens, %2 validation, vocabulary %3</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No dataset yet: add text files and prepare one</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Add text files</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Text files (*.txt *.md *.jsonl *.csv);;All files (*)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Tokenize the files into a new dataset with the selected tokenizer</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Train or pick a tokenizer first</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Dataset</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Prepared dataset</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A dataset of this project, already tokenized</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Text files</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Text files to build a new dataset (or a tokenizer) from; drop them here</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Add files…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Remove</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>New dataset</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>name</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Prepare</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>lw::ui::DecodingLab</name>
    <message>
        <source>No answer: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Prompt</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Text for the model to continue, the same for every column</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Columns</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>As a chat message:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Send the prompt as a user message through a chat template instead of continuing it as plain text</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Run</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Answer the prompt with every column&apos;s setting at once (Ctrl+Enter)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Stop</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Stop every column (Esc)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Each token is coloured by its probability under the model, from red (unlikely) to green (likely). Hover a token to see what else the model considered.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>lw::ui::DemoBootstrap</name>
    <message>
        <source>writing the demo stories</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>training the demo tokenizer</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>preparing the demo dataset</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>lw::ui::DemoModelJob</name>
    <message>
        <source>The demo project&apos;s store could not be read: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Training the demo model</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The demo model&apos;s training was cancelled at step %1 of %2; it continues from there when you choose the demo model again.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The demo model&apos;s training diverged: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The demo model&apos;s training stopped: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No data folder is set for the demo project (Preferences).</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>lw::ui::Duration</name>
    <message>
        <source>%1h %2m</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1m %2s</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1s</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>lw::ui::FileDropList</name>
    <message>
        <source>Drop text files or folders here</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>lw::ui::GenerationWorker</name>
    <message>
        <source>No model is loaded.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>lw::ui::HyperparameterForm</name>
    <message>
        <source>on</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>off</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>empty</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1
Default: %2</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>lw::ui::JobSupervisor</name>
    <message>
        <source>An over-long line from the worker was skipped.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The worker process stopped unexpectedly (%1).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The worker exited with status %1.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The worker exited without reporting how the job ended.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Could not start the worker %1: %2</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>lw::ui::JobsStatusWidget</name>
    <message>
        <source>Run #%1 · %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>paused</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cancel this job</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 left</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>lw::ui::LabColumn</name>
    <message>
        <source>Setting %1</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>lw::ui::LogDock</name>
    <message>
        <source>Log</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>started (process %1)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>ended: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>done</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>failed: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>crashed: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>job %1</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>lw::ui::LossChart</name>
    <message>
        <source>Step</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Loss</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Training curves</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Exported from LLM Workbench</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>smoothed %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>at step %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Step %1</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>lw::ui::MainWindow</name>
    <message>
        <source>Train</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Runs</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Could not open the project %1: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Open project</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Could not open the project %1:
%2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Demo project: %1…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The demo project could not be made: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Preparing the demo project…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The demo project is ready: press Train to start a run.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Opened project %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>New project</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>new-project</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 is a file; a project is a folder.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Runs are training</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>%n run(s) are still training. Keep them training in the background? The app follows them again when you reopen the project.</source>
        <translation>
            <numerusform>%n run is still training. Keep it training in the background? The app follows it again when you reopen the project.</numerusform>
            <numerusform>%n runs are still training. Keep them training in the background? The app follows them again when you reopen the project.</numerusform>
        </translation>
    </message>
    <message>
        <source>Keep training</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cancel the runs</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Add text files</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Text files (*.txt *.md *.jsonl *.csv);;All files (*)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>About LLM Workbench</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&lt;h3&gt;LLM Workbench %1&lt;/h3&gt;&lt;p&gt;Build, train and watch language models on your own computer.&lt;/p&gt;&lt;p&gt;Training runs in worker processes (&lt;code&gt;llmwb&lt;/code&gt;); every run is recorded in the project&apos;s store.&lt;/p&gt;</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Clear the list</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 — LLM Workbench</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>LLM Workbench</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Project: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No project</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 (%2)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;File</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;New Project…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Open Project…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Open &amp;Recent</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Open the &amp;Demo Project</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Add Text Files…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Preferences…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Run</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Train</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Pause or Resume</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Cancel</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;View</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Log</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;About LLM Workbench</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Chat</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Elsewhere in the window</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;User Guide</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Keyboard Shortcuts</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Data</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Models</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Fine-tune</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Evaluate</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>lw::ui::MessageBubble</name>
    <message>
        <source>You</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Model</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Edit</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Change this message and send it again; the messages after it are dropped</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Send again</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Outside the model&apos;s context: it no longer reads this message.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The earlier version of this answer</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The later version of this answer</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Version %1 of %2 of this answer (Regenerate writes another)</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>lw::ui::ModelCatalog</name>
    <message>
        <source>best</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>final</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>checkpoint</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Demo model (trained on the demo stories)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>#%1 %2 · %3, step %4</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>#%1 %2</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>lw::ui::ModelCompare</name>
    <message>
        <source>No answer: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Loading the model…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The model could not be loaded: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Prompt</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The same prompt goes to both models</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>As a chat message:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Decoding (both models)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Compare</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Answer the prompt with both models (Ctrl+Enter)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Stop</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Model A</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Model B</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>lw::ui::ModelPresets</name>
    <message>
        <source>GPT-2 style, 2 layers x 64 wide: for tests and quick checks</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>GPT-2 style, 6 layers x 384 wide, context 256 (about 10M parameters + embeddings)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>GPT-2 small: 12 layers x 768, context 1024, 124M parameters</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>GPT-2 medium: 24 layers x 1024, context 1024, 355M parameters</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Llama style, 2 layers x 64, grouped-query attention: for tests</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Llama style, 8 layers x 512, 8 heads sharing 4 key/value heads, context 512</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>GPT-2 style, 4 layers x 128 wide: the demo model, trains in about half a minute on two cores</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>lw::ui::ModelSession</name>
    <message>
        <source>The demo model is not available here.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>stopped before the model was ready</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>lw::ui::ModelShapeEditor</name>
    <message>
        <source>about %1 (batch %2 × %3 tokens)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Custom</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Preset</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A built-in model shape; editing a field below makes it a custom shape</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Parameters</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Training memory</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Weights, gradients and AdamW state in fp32, plus activations for one batch</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Needs about %1: more than the %2 of memory of %3. Training would fail or make the computer swap.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>lw::ui::PreferencesDialog</name>
    <message>
        <source>Data folder</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Preferences</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>CPU threads</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>All cores (%1)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Threads each training job uses for tensor operations</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Device</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Where new runs compute: cpu, or cuda on a machine with an NVIDIA GPU</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Where new projects and the demo project are created</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Theme</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Same as the system</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Light</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Dark</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Language</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>lw::ui::RunDetailsPane</name>
    <message>
        <source>Add tag</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Remove tag</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Save notes</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Notes</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>New tag</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>What was this run for? What did it show?</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Tags of the selected runs</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Kind: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Folder: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Host: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Started: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Ended: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Error: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>%n run(s) selected</source>
        <translation>
            <numerusform>%n run selected</numerusform>
            <numerusform>%n runs selected</numerusform>
        </translation>
    </message>
    <message>
        <source>Select a run to see its details, tags and notes.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 (%2 of %3 runs)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Notes of %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Checkpoints</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Step</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Size</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Kind</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>File</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>best</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>final</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>periodic</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>last</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>missing</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>—</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No checkpoints</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cancelled at step %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 (deleted)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>records</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>pretraining tokens</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>SFT tokens</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>preference tokens</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 (%2)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 (%2, sha256 %3)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Dataset: not recorded</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Dataset: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>made from %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>pretraining</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>fine-tune: %1, %2, on %3 from %4</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>lw::ui::RunProgressView</name>
    <message>
        <source>Step %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>step %1 of %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>ETA %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 tokens/s</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Samples</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Run #%1 · %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>(empty prompt: starts a new document)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Text the model writes during training appears here, after its prompt.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Open folder</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>lw::ui::RunsChartPane</name>
    <message>
        <source>Log scale</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Export…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Loss</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Exponential moving average of the curves; the raw points stay faint behind</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Smoothing</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 train</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 val</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Select runs in the table to compare their curves.</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>%n run(s) shown</source>
        <translation>
            <numerusform>%n run shown</numerusform>
            <numerusform>%n runs shown</numerusform>
        </translation>
    </message>
    <message>
        <source>Save the chart as a PNG or SVG image</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>lw::ui::RunsFilterBar</name>
    <message>
        <source>Created from</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Filter by name or #id (Ctrl+F)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Any status</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Any tag</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>to</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>lw::ui::RunsPanel</name>
    <message>
        <source>Renamed run #%1 to “%2”</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>Tagged %n run(s) “%1”</source>
        <translation>
            <numerusform>Tagged %n run “%1”</numerusform>
            <numerusform>Tagged %n runs “%1”</numerusform>
        </translation>
    </message>
    <message>
        <source>Removed the tag “%1”</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Saved the notes of run #%1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Resume</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Continue an interrupted or cancelled run from its newest checkpoint</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Rename</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Delete</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Delete the selected runs with their checkpoints and folders (Delete)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Filter</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Refresh</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Sample generations of the current run appear here.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Curves</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Config diff</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Samples</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Details and notes</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Could not read the runs of %1: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Could not read the curves: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Could not read the samples: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>%n run(s)</source>
        <translation>
            <numerusform>%n run</numerusform>
            <numerusform>%n runs</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%1 of %n run(s) shown</source>
        <translation>
            <numerusform>%1 of %n run shown</numerusform>
            <numerusform>%1 of %n runs shown</numerusform>
        </translation>
    </message>
    <message>
        <source>Could not save the change: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Resuming run #%1 from its newest checkpoint…</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>Deleted %n run(s), freed %1</source>
        <translation>
            <numerusform>Deleted %n run, freed %1</numerusform>
            <numerusform>Deleted %n runs, freed %1</numerusform>
        </translation>
    </message>
    <message>
        <source>Some of it was not deleted:
%1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Could not delete the runs: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Could not prepare the deletion: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Select the runs to export first.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Saved the chart to %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Could not write %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>Exported %n metric row(s) to %1</source>
        <translation>
            <numerusform>Exported %n metric row to %1</numerusform>
            <numerusform>Exported %n metric rows to %1</numerusform>
        </translation>
    </message>
    <message>
        <source>Could not export the metrics: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Export CSV…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Save every metric of the selected runs as CSV (Ctrl+E)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Could not read the checkpoints: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Export the metrics</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Metrics as CSV (*.csv)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Export the chart</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>PNG image (*.png)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>SVG image (*.svg)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Could not read the run&apos;s dataset: %1</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>lw::ui::RunsTableModel</name>
    <message>
        <source>%1 / %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>—</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 (step %2)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Run #%1 (%2)
Folder: %3</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Name</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Status</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Created</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Steps</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Tags</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Duration</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>ID</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Parameters</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Best validation loss</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>lw::ui::SamplerFieldHelp</name>
    <message>
        <source>new tokens to generate at most</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>sampling temperature; 0 picks the most likely token (greedy)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>sample among the k most likely tokens (0: off)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>sample among the most likely tokens whose probabilities add up to p (1: off)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>drop tokens less likely than min_p times the most likely one (0: off)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>make tokens already seen less likely: &gt; 1 penalises (1: off)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>subtract this from the logit of every token already seen</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>subtract this times the count of each token already seen</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>random seed of the sampling (same seed and settings: same text)</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>lw::ui::SamplerFieldLabel</name>
    <message>
        <source>Max tokens</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Temperature</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Top-k</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Top-p</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Min-p</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Repetition penalty</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Presence penalty</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Frequency penalty</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Seed</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>lw::ui::ShortcutsDialog</name>
    <message>
        <source>Keyboard Shortcuts</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The keys of the window work everywhere in it; those of a panel work while the focus is in that panel.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Action</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Keys</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>lw::ui::StoreRunFeed</name>
    <message>
        <source>Run #%1 · %2</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>lw::ui::TokenView</name>
    <message>
        <source>%1 %</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Most likely at this step:</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>lw::ui::TokenizerSection</name>
    <message>
        <source>%1 (%2, %3 tokens)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Learn a vocabulary from the text files of the Dataset section</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Add text files in the Dataset section first</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Tokenizer</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The tokenizer new datasets are prepared with</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>New tokenizer</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Byte-level BPE (GPT-2 style)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>SentencePiece BPE</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>SentencePiece unigram</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>How the vocabulary is learned from the text</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Vocabulary</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Name</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>kind-vocabulary, when empty</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Train tokenizer</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Auto</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Number of tokens, the 256 bytes and special tokens included. Auto: as many as the text supports (byte-level BPE stops at pairs seen only once), at most %1</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>lw::ui::TrainCharts</name>
    <message>
        <source>Training loss</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Validation loss</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Learning rate</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Loss</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Gradient norm</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Tokens/s</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Log scale</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Show the loss on a logarithmic axis</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Smoothing</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Step</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Exponential moving average of the per-step curves (the raw points stay faint behind); validation loss and learning rate are drawn as measured</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>lw::ui::TrainJobs</name>
    <message>
        <source>Could not write the training configuration to %1: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Training on %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Training %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Resuming run %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Resuming %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Training tokenizer %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Preparing dataset %1</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>lw::ui::TrainPanel</name>
    <message>
        <source>Starting…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Training</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Paused</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Completed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Stopped early</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cancelled</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Diverged</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Failed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Interrupted</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Reattached to run #%1 (%2), still training</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A run is already being followed here; cancel it or wait for it to end first.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The worker stopped unexpectedly. Run #%1 is interrupted; Resume continues it from its last checkpoint.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The worker stopped unexpectedly before the run began.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Run #%1: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Training tokenizer %1…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Preparing dataset %1…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Tokenizer %1 is ready.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Dataset %1 is ready.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Open a project first.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Train</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Pause</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Pause between two steps (Ctrl+Shift+P)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Resume</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Go on with a paused run, or continue a stopped run from its last checkpoint (Ctrl+Shift+P)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Stop after the current step and save a checkpoint (Ctrl+Shift+C)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Not enough memory</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Make the model smaller (fewer layers, a smaller width) or the batch smaller.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Train anyway</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>This run trains in a process this window did not start (an earlier session of the app, or the command line). It can be followed and cancelled here, but not paused: a worker takes pause and resume on its standard input, which only the program that started it holds.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Start a new run with this setup (Ctrl+Return, wherever the focus is in the panel)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Copy as llmwb command</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Copy the `llmwb train` command line that trains this setup, to run it in a terminal or on another machine (Ctrl+Alt+C)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the GPU (%1)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>this computer</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Copied: %1</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>lw::ui::TrainSetupView</name>
    <message>
        <source>Not a text file: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Pick a prepared dataset, or prepare one from text files.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Model</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Training</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>lw::ui::UserGuideDialog</name>
    <message>
        <source>User Guide</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The user guide is missing from this build.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>lw::ui::data::ColumnMappingDialog</name>
    <message>
        <source>Map columns</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Reading the columns of %1…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Layout</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Columns of %1: pick the column each field is read from.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The columns could not be read: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>same name</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>lw::ui::data::DataCommands</name>
    <message>
        <source>Importing a dataset</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Importing dataset %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Filtering %1 into %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Exporting %1</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>lw::ui::data::DataJob</name>
    <message>
        <source>The job ended without a result.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>lw::ui::data::DataPanel</name>
    <message>
        <source>Dataset %1 imported</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Dataset %1 made by the recipe</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Versions</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Import</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Recipe</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Template</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Statistics</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>lw::ui::data::DataQuery</name>
    <message>
        <source>Could not start %1: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The worker crashed.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The worker exited with status %1.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>lw::ui::data::DatasetDetails</name>
    <message>
        <source>Records</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 %2 rows</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Layout</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Rejected at import</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Made from</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>an import</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Versions made from it</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Created</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Folder</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Tool</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Records sha256</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Sources</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>File</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Format</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Rows</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Rejected</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>sha256</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Recipe</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Step</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Rows in</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Rows out</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Changed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Splits</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>lw::ui::data::ExportDialog</name>
    <message>
        <source>%1 rows written as JSON Lines (layout %2).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 rows written as %2 token files, %3 tokens.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Files: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The export was cancelled.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Export dataset</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Select a dataset version first.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Export %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>JSON Lines</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Token files for training</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The dataset&apos;s own</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Assistant answers</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>All tokens</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No limit</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Context length in tokens: longer rows are cut</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Chat template; leave it empty for a text dataset</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Browse…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Export</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Close</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Format</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Output</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Layout</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Template</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Tokenizer</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Loss on</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Context</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Folder for the token files</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Export as JSON Lines</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>JSON Lines (*.jsonl)</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>lw::ui::data::ImportFileList</name>
    <message>
        <source>Drop JSON, JSON Lines, CSV, TSV, Parquet or text files or folders here</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>lw::ui::data::ImportPage</name>
    <message>
        <source>Not a format the importer reads: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Imported %1: %2 %3 rows in layout %4.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 rows were rejected (listed in %2).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The import was cancelled.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Add files…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Choose files to import (Insert)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Add folder…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Remove</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Format</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Detect</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Detect the layout from the rows, or name a layout or file format</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Text unit</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Paragraph</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Line</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Whole file</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Plain text files: one record per paragraph, per line or per file</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Name</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>From the first file&apos;s name</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Skip bad rows and list them</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Import the good rows; without this a bad row stops the import</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Map columns…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Choose which column of a CSV, TSV or Parquet file each field is read from</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Preview</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Read the first rows of each file again (Ctrl+P)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Import</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Import the files as a new dataset version (Ctrl+I)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>First rows as records</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Rows that would be rejected</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>File</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Kind</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Record</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Field</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Reason</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Add files</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Add files to see the layout detected in each and its first rows.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Import files</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Datasets (*.json *.jsonl *.ndjson *.csv *.tsv *.parquet *.txt *.md *.zst *.gz);;All files (*)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Import a folder</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Reading the first rows…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1: %2, layout %3</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>unknown</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Open a project first: datasets are kept in a project.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>lw::ui::data::JobProgressRow</name>
    <message>
        <source>Starting…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 %</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 left</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cancelling…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Stop the job (Esc); nothing it made so far is kept</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 rows, %2 rejected</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 rows</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>lw::ui::data::Recipe</name>
    <message>
        <source>Not JSON at offset %1: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A recipe is a JSON array of steps.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Step %1: unknown step &quot;%2&quot;.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>lw::ui::data::RecipePage</name>
    <message>
        <source>The filter was cancelled.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Add step</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Remove</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Remove the selected step (Delete)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Up</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Run the selected step earlier (Alt+Up)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Down</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Run the selected step later (Alt+Down)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Save…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Save the recipe as JSON (Ctrl+S)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Load…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Load a recipe from JSON (Ctrl+Shift+L)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>New version</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Name of the filtered dataset</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Run recipe</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Filter the dataset into a new version (Ctrl+R)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Move step up</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Move step down</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Remove step</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Save recipe</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Load recipe</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Select a dataset version first.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Recipe for %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Step</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Rows in</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Rows out</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Changed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Source</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Reason</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Text</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Could not save %1: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Could not open %1: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Recipes (*.json)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Could not write the recipe to %1: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1: %2 of %3 rows kept.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Tokenizer</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Counts the tokens of length steps whose unit is tokens</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>lw::ui::data::StatsPage</name>
    <message>
        <source>Tokenizer</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Compute</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Compute the statistics of the dataset (F5)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Compute statistics</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Split</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Fraction of rows for training</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Fraction of rows for validation</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Fraction of rows for testing</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Seed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Group by field</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Rows with the same value of this field stay in the same split</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Make split</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Select a dataset version first.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Statistics of %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Press Compute to read the statistics.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 rows (%2). Characters per row: mean %3, median %4, 95th percentile %5, longest %6. Exact duplicates: %7.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Length in characters</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>characters</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Length in tokens (choose a tokenizer)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Length in tokens</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>tokens</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Empty fields</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Languages</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Tokens per split</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Rows per split</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Split made: %1 train, %2 validation, %3 test (seed %4).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Tokens: %1 in all; per row mean %2, median %3, 95th percentile %4, longest %5.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>lw::ui::data::StepSettingsForm</name>
    <message>
        <source>Add a step, or select one to change its settings.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Separate the values with commas</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Settings of step %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Step %1 has no settings: it runs with the worker&apos;s defaults.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>lw::ui::data::TemplatePage</name>
    <message>
        <source>Template</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Tokenizer</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Rows</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Loss on</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Assistant answers</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>All tokens</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Show</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Write the rows with the template and show their tokens (Ctrl+R)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Show templated rows</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Select a dataset version first.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Rows of %1 as the model will see them; tokens that receive loss are coloured.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Choose a template and a tokenizer, then press Show.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Context</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No limit</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Context length in tokens: longer rows are cut and counted as truncated</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 rows shown; the dataset was not checked.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 rows checked, %2 tokens, %3 of them with loss. %4 rows with an answer that never ends, %5 truncated, %6 with no token that receives loss.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Stop strings never trained: %1.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>lw::ui::data::TokenizerChooser</name>
    <message>
        <source>Browse…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Choose a tokenizer folder</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Optional: a tokenizer of the project, or the path of one</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A tokenizer of the project, or the path of one</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Tokenizer folder</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>lw::ui::data::VersionsPage</name>
    <message>
        <source>Version</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Kind</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Rows</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Rejected</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Refresh</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Read the dataset versions again (F5)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Delete</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Delete the selected version and its folder (Delete)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Select a version to see its sources, recipe, step counts and splits.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Delete dataset version</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Delete the dataset version %1 and its folder?</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Export…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Write the selected version as JSON Lines or as token files (Ctrl+E)</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>lw::ui::models::ExportModelDialog</name>
    <message>
        <source>Export to a GGUF file</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>GGUF files (*.gguf)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Export to a new folder</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Export model</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Export %1 for other tools.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Format:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Weights:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Output:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Hugging Face folder (transformers)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>GGUF file (llama.cpp)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Browse…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Export</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>lw::ui::models::MergeDialog</name>
    <message>
        <source>(none)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Merge models</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Merge two or more models of the same shape into a new one. A model may be listed more than once.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Model</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Weight</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Density</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Method:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Base model:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>t (slerp):</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Lambda:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Seed (dare):</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>New model&apos;s name:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Add model</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Remove model</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Merge</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>lw::ui::models::ModelCommands</name>
    <message>
        <source>Import model %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Export %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Merge into %1</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>lw::ui::models::ModelDetails</name>
    <message>
        <source>File</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Bytes</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Model</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Weight</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Density</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Kind</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Use as</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Location</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Imported from</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Parameters</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Files</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Merged from</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Configuration</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>lw::ui::models::ModelEntry</name>
    <message>
        <source>%1 (best)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 (newest)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>checkpoint</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>import</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>merge</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>lw::ui::models::ModelsPanel</name>
    <message>
        <source>Exported %1 to %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Model %1 is ready.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cancelled; nothing was kept.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The project&apos;s models could not be read: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No model yet. Import a Hugging Face folder or a GGUF file (Ctrl+I, or drop it here), or train a run.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Another model job is running; wait for it or cancel it.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 is neither a folder nor a .gguf file; only those can be imported as models.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Could not delete %1: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Model %1 deleted.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Import a Hugging Face folder</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Import model</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Name in the project:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Import a GGUF file</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>GGUF files (*.gguf)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Delete model</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Delete the model %1 and its files in the project? Files outside the project are not touched.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Name</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Kind</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Family</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Parameters</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Dtype</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Size</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Created</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Import</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Import a Hugging Face folder or a GGUF file (or drop one on the list)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Export…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Write the selected model as a Hugging Face folder or a GGUF file (Ctrl+E)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Merge…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Merge models of one shape into a new model (Ctrl+M)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Delete</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Delete the selected import or merge (Delete); checkpoints belong to their runs</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Import a Hugging Face folder…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Import a GGUF file…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Refresh</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>%1
The %n import(s) waiting after it were not started.</source>
        <translation>
            <numerusform>%1
The %n import waiting after it was not started.</numerusform>
            <numerusform>%1
The %n imports waiting after it were not started.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Cancelled; nothing was kept, and the %n import(s) waiting after it were not started.</source>
        <translation>
            <numerusform>Cancelled; nothing was kept, and the %n import waiting after it was not started.</numerusform>
            <numerusform>Cancelled; nothing was kept, and the %n imports waiting after it were not started.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n more model(s) will be imported after this one, one job each.</source>
        <translation>
            <numerusform>%n more model will be imported after this one, one job each.</numerusform>
            <numerusform>%n more models will be imported after this one, one job each.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>lw::ui::AdapterPicker</name>
    <message>
        <source>Folder of an adapter</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Not an adapter</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 has no adapter_config.json: it is not a LoRA or DoRA adapter folder.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>None</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Other folder…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A LoRA or DoRA adapter applied to the model: the fine-tunes of this run, or a folder</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>lw::ui::finetune::CheckReportView</name>
    <message>
        <source>%1 ms</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 s</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The check found a problem that would make the fine-tune useless.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Error: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Warning: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No token of any row gets a loss, so nothing would be learned. Are the answers empty, or cut off by the context?</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>%n row(s) have no answer token left to learn from (empty or cut off); they teach nothing.</source>
        <translation>
            <numerusform>%n row has no answer token left to learn from (empty or cut off); it teaches nothing.</numerusform>
            <numerusform>%n rows have no answer token left to learn from (empty or cut off); they teach nothing.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n row(s) are longer than the context; their ends are cut off.</source>
        <translation>
            <numerusform>%n row is longer than the context; its end is cut off.</numerusform>
            <numerusform>%n rows are longer than the context; their ends are cut off.</numerusform>
        </translation>
    </message>
    <message>
        <source>The answers do not end with an end-of-answer token: the fine-tuned model would not learn to stop.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>In every pair the chosen and the rejected answer are the same: there is no preference to learn.</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>%n pair(s) have the same chosen and rejected answer; they only add noise.</source>
        <translation>
            <numerusform>%n pair has the same chosen and rejected answer; it only adds noise.</numerusform>
            <numerusform>%n pairs have the same chosen and rejected answer; they only add noise.</numerusform>
        </translation>
    </message>
    <message>
        <source>The learning rate is far from the usual range for this method and objective.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The tokenizer has more tokens than the model knows: it is not this model&apos;s tokenizer.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The dataset has no rows to train on.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Check</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Checking the data and timing a few steps…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The check could not run: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Check what the fine-tune will learn from and what it will cost before you start.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Rows</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 for training, %2 for validation</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Tokens</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1, of which %2 get a loss</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Trainable parameters</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 of %2 (%3 %)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Memory</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1: weights %2, gradients %3, optimizer %4, activations %5</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Time</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 per step, %2 for %3 steps</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Disk</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 per checkpoint</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Error:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Warning:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No problem found.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>lw::ui::finetune::ComparisonTable</name>
    <message>
        <source>The fine-tuned model gave the expected answer</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Prompt</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Expected</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Base model</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Fine-tuned</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>lw::ui::finetune::FinetuneCharts</name>
    <message>
        <source>Chosen reward</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Rejected reward</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Margin</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Accuracy</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Validation margin</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Validation accuracy</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Reward</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Step</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>lw::ui::finetune::FinetuneFieldHelp</name>
    <message>
        <source>The model to fine-tune: a run (its best checkpoint), a checkpoint, a model of the project</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Chat or preference dataset of the project (shaped with the model&apos;s tokenizer)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>full: every weight; lora: low-rank adapters; qlora: adapters on a 4-bit base; dora: magnitude and direction</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>sft: learn the answers; dpo, ipo: prefer chosen over rejected against the base; orpo, simpo: preference without a reference model</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Template for the conversations; empty: the model&apos;s own (chatml when it has none)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>assistant: loss on the answers only; all: on every token</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Several short examples per row, attention kept inside each (faster on short rows)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Noise on the embeddings while training (NEFTune); 5 is usual, 0 turns it off</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Rank r of the adapters: more is more capacity and more memory</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Scale of the adapters&apos; update is alpha / r (alpha / sqrt(r) with rslora)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Dropout on the adapters&apos; input while training</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Linear maps that get adapters, by their Hugging Face names, or all-linear</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Rank-stabilised scale alpha / sqrt(r)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>LoRA+: learning rate of B over that of A (16 is usual; 1 is plain LoRA)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Preference strength: DPO/IPO/SimPO beta, ORPO&apos;s weight of the odds-ratio term</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>DPO only: assumed share of pairs whose labels are flipped (conservative DPO)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>SimPO&apos;s target reward margin</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Passes over the training rows; sets the number of steps when above 0</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Rows held out for validation when the dataset has no validation split (0: a tenth, at most 200)</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>lw::ui::finetune::FinetuneFieldLabel</name>
    <message>
        <source>Base model</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Dataset</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Method</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Objective</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Chat template</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Loss on</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Packing</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>NEFTune noise</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Rank</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Alpha</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Dropout</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Targets</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>rsLoRA</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>LoRA+ ratio</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Beta</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Label smoothing</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>SimPO gamma</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Epochs</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Validation rows</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>lw::ui::finetune::FinetuneForm</name>
    <message numerus="yes">
        <source>%1 (%n row(s))</source>
        <translation>
            <numerusform>%1 (%n row)</numerusform>
            <numerusform>%1 (%n rows)</numerusform>
        </translation>
    </message>
    <message>
        <source>What to fine-tune</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Adapter</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Preference</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Data</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Training</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Answers only</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Every token</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>All linear maps</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Every linear map of the blocks gets an adapter (the output head does not)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Adapters on the %1 modules</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>lw::ui::finetune::FinetuneJobs</name>
    <message>
        <source>Fine-tuning the demo model</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Fine-tuning</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Fine-tuning on %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Checking a fine-tune</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Resuming fine-tune %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Resuming %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Merging an adapter into %1</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>lw::ui::finetune::FinetuneMethods</name>
    <message>
        <source>Full weights</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>LoRA (low-rank adapters)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>QLoRA (adapters on a 4-bit base)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>DoRA (magnitude and direction)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>SFT: learn the answers</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>DPO: prefer the chosen answer</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>IPO: DPO with a bounded margin</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>ORPO: SFT and preference at once</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>SimPO: preference without a reference</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>lw::ui::finetune::FinetunePanel</name>
    <message>
        <source>The project&apos;s models could not be read: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the worker ended without a report</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Resume</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Pause</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Start is blocked: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Pick a base model and a dataset (chat rows for SFT, preference pairs otherwise).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>After a run, its answers and the base model&apos;s appear here side by side.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A full fine-tune&apos;s checkpoint is a model already: it is listed with the others.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The adapter is in %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The project has the demo model: fine-tune it on the demo questions in about a minute, with the method and objective chosen below.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Fine-tune the demo model</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Check</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Look at the data, the memory and the time this fine-tune needs, without training</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Start</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Chat with it</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Open Chat with the base model and this adapter</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Merge adapter into a model…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Write the base model with the adapter merged in as a new model of the project</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Answers side by side (held-out prompts)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Scoring the answers with the base model (the reference)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Scoring the answers with the base model: %1 %</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Preparing the dataset for the model: %1 %</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Merge adapter into a model</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Name of the new model in the project:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Model %1 written: the base with the adapter merged in.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The merge failed: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Answers side by side (held-out prompts): exact answers, base %1 of %3, fine-tuned %2 of %3</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A fine-tune is already running here; cancel it or wait for it to end first.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>lw::ui::finetune::PreferenceHint</name>
    <message>
        <source>The loss sits at ln 2 = 0.693: the model does not yet prefer either answer. It still gives the chosen and the rejected answer the same odds as the base did. If it stays there, raise the learning rate or train longer; check that chosen and rejected answers really differ.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The chosen rewards fall: both answers become less likely than under the base, the rejected one faster. This is common with DPO and harmless while the margin grows. If the answers get worse in the side-by-side table, lower beta or the learning rate.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>lw::ui::evaluate::EvalCharts</name>
    <message>
        <source>training step</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>lw::ui::evaluate::EvalExamplesView</name>
    <message numerus="yes">
        <source>%n example(s)</source>
        <translation type="unfinished">
            <numerusform></numerusform>
            <numerusform></numerusform>
        </translation>
    </message>
    <message>
        <source>(missing)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 against %2: %3 examples, %4 where one is right and the other wrong</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Only where they disagree</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Show only the examples one evaluation got right and the other wrong.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>#</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Question or prompt</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Reference</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>First</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Second</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Scores</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Answer</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Score</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>lw::ui::evaluate::EvalForm</name>
    <message>
        <source>Examples (*.jsonl *.json *.csv *.parquet);;All files (*)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Text (*.txt *.md *.jsonl);;All files (*)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Choose a file</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>--model %1
%2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Models to evaluate (one job each, in order):</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Tick the runs, checkpoints, imports, fine-tunes and merges to evaluate; each is evaluated in turn with the same task and settings.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>(none: use a text file)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>model&apos;s context</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>default</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>all</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>a .jsonl file (or, for multiple choice, a dataset)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>a plain text file</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>default: the model&apos;s chat template</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the server&apos;s model</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Browse…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Task:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Perplexity: how well the model predicts a text. Multiple choice: accuracy on questions with choices. Generation metrics: exact match, BLEU, chrF and ROUGE of its answers against references. LLM judge: another model scores its answers.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Dataset:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A dataset of the project whose validation text is scored (--dataset).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Text file:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A text file to score instead of a dataset (--text-file).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Context:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Tokens the model sees per window (--context); at most its own context length.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Stride:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Tokens each window moves on (--stride); smaller than the context, every token is scored with more context before it, at more cost.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Examples:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The examples to evaluate on (--data): a JSONL file, or for multiple choice a dataset of the project.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Layout:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>How the questions are written in the file (--layout): auto finds out from its fields.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Shots:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Solved examples put before each question (--shots).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Seed:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The seed that picks the solved examples (--seed), for a result that repeats.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Limit:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Evaluate only the first N examples (--limit); all when left at &quot;all&quot;.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Prompt template:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>How each example becomes a prompt (--template); {prompt} stands for the example&apos;s prompt.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Max new tokens:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The longest answer the model may write (--max-new-tokens).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Judge URL:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The OpenAI-compatible server of the judging model (--judge), e.g. llmwb serve or llama.cpp.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Judge model:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The model name sent to the judge&apos;s server (--judge-model).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Rubric:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>How the judge scores (--rubric): mt-bench 1 to 10, mt-bench-pair a win, tie or loss against the reference answer, score-100 0 to 100.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>lw::ui::evaluate::EvalResultsTable</name>
    <message>
        <source>--model %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Model</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Task</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Data</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Score</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>n</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Date</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Duration</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The task&apos;s main score ± one standard error: accuracy for multiple choice, perplexity (lower is better), exact match for generation, the judge&apos;s mean score or win rate.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Examples evaluated (tokens scored, for perplexity).</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>lw::ui::evaluate::EvaluatePanel</name>
    <message>
        <source>The project&apos;s evaluations could not be read: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>%1 (run %2, %n checkpoint(s))</source>
        <translation type="unfinished">
            <numerusform></numerusform>
            <numerusform></numerusform>
        </translation>
    </message>
    <message>
        <source>Select an evaluation to read its examples.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Select two evaluations of the same task and data to compare them.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Evaluate each ticked model in turn (Ctrl+Return).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Run</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Stop the running evaluation and the ones queued after it (Esc).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Delete…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Delete the selected evaluations from the project (Delete).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Evaluate the checkpoints</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Evaluate each checkpoint of the run with the form&apos;s task and settings, one job each, skipping those already evaluated on the same data.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Run:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The run whose checkpoints are charted against the training step.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Task:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Show only the evaluations of one task.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>All tasks</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Chart</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The selected evaluations&apos; main score with one standard error.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Examples</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Compare</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Two selected evaluations of the same task and data, example by example.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Checkpoints</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A run&apos;s score against the training step of each checkpoint.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Run the evaluation</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cancel the evaluations</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Delete the selected evaluations</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Read the evaluations again</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No evaluation running.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>That run has no checkpoints to evaluate.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Evaluate %1 at step %2 (%3)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Every checkpoint of %1 is already evaluated with this task on this data.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Job %1 of %2: %3</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Job %1 of %2: %3 %</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>, %1 left</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>All jobs: %1 %</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Evaluation %1 stored.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 failed: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cancelled: %1 done, the rest not run.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Done: %1 stored, %2 failed.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Evaluation %1 could not be deleted: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Delete evaluations</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>Delete %n evaluation(s) and their per-example results from the project? This cannot be undone.</source>
        <translation type="unfinished">
            <numerusform></numerusform>
            <numerusform></numerusform>
        </translation>
    </message>
    <message>
        <source>Delete</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>lw::ui::evaluate::EvalCommandLine</name>
    <message>
        <source>Evaluate %1 (%2)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Open a project first.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Tick at least one model.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Choose a dataset or a text file.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Choose the examples file.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Give the judge&apos;s URL.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>lw::ui::evaluate::EvalScores</name>
    <message>
        <source>Perplexity</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Multiple choice</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Generation metrics</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>LLM judge</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Tokens %1 to %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 nats/token</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Question %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1, question %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>log p %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>unparsed</source>
        <translation type="unfinished"></translation>
    </message>
</context>
</TS>
