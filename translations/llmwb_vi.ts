<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="vi_VN">
<context>
    <name>ConfigErrorText</name>
    <message>
        <source>must be at least 1 (it is %1)</source>
        <translation>phải từ 1 trở lên (đang là %1)</translation>
    </message>
    <message>
        <source>must be more than 0</source>
        <translation>phải lớn hơn 0</translation>
    </message>
    <message>
        <source>must not be negative</source>
        <translation>không được âm</translation>
    </message>
    <message>
        <source>must be at least 1</source>
        <translation>phải từ 1 trở lên</translation>
    </message>
    <message>
        <source>must divide %1 (%2 is not a multiple of %3)</source>
        <translation>phải chia hết %1 (%2 không phải bội số của %3)</translation>
    </message>
    <message>
        <source>must divide %1 (%2)</source>
        <translation>phải chia hết %1 (%2)</translation>
    </message>
    <message>
        <source>fewer key/value heads than heads needs the llama architecture</source>
        <translation>ít đầu key/value hơn số đầu attention thì cần kiến trúc llama</translation>
    </message>
    <message>
        <source>width divided by heads must be even for rotary embeddings</source>
        <translation>độ rộng chia cho số đầu attention phải là số chẵn để dùng rotary embedding</translation>
    </message>
    <message>
        <source>must be 0 (automatic) or more</source>
        <translation>phải là 0 (tự động) hoặc lớn hơn</translation>
    </message>
    <message>
        <source>must be at least 0 and below 1</source>
        <translation>phải từ 0 đến dưới 1</translation>
    </message>
    <message>
        <source>must be between 0 and 1</source>
        <translation>phải nằm trong khoảng 0 đến 1</translation>
    </message>
    <message>
        <source>must be above 0 and below 10</source>
        <translation>phải lớn hơn 0 và nhỏ hơn 10</translation>
    </message>
    <message>
        <source>must be at most the model&apos;s %1 (%2)</source>
        <translation>không được vượt quá %1 của mô hình (%2)</translation>
    </message>
    <message>
        <source>needs validation (%1 above 0)</source>
        <translation>cần bật kiểm định (%1 lớn hơn 0)</translation>
    </message>
    <message>
        <source>is too large</source>
        <translation>quá lớn</translation>
    </message>
    <message>
        <source>no dataset is picked</source>
        <translation>chưa chọn bộ dữ liệu</translation>
    </message>
    <message>
        <source>%1: %2</source>
        <translation>%1: %2</translation>
    </message>
</context>
<context>
    <name>DeleteConfirmation</name>
    <message>
        <source>%1: running, will be kept (cancel it first)</source>
        <translation>%1: đang chạy, sẽ được giữ lại (hãy hủy nó trước)</translation>
    </message>
    <message numerus="yes">
        <source>%1: folder %2, %n checkpoint(s), %3</source>
        <translation>
            <numerusform>%1: thư mục %2, %n checkpoint, %3</numerusform>
        </translation>
    </message>
    <message>
        <source>(none)</source>
        <translation>(không có)</translation>
    </message>
    <message numerus="yes">
        <source>Delete %n run(s)?</source>
        <translation>
            <numerusform>Xóa %n lần chạy?</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Their metrics, samples and notes, %n checkpoint file(s) and the run folders will be deleted, freeing %1. This cannot be undone.</source>
        <translation>
            <numerusform>Số liệu, mẫu sinh, ghi chú, %n tệp checkpoint và thư mục của các lần chạy này sẽ bị xóa, giải phóng %1. Không thể hoàn tác.</numerusform>
        </translation>
    </message>
    <message>
        <source>Delete runs</source>
        <translation>Xóa lần chạy</translation>
    </message>
    <message>
        <source>Running runs cannot be deleted; cancel them first.</source>
        <translation>Không thể xóa lần chạy đang chạy; hãy hủy chúng trước.</translation>
    </message>
    <message>
        <source>Delete</source>
        <translation>Xóa</translation>
    </message>
</context>
<context>
    <name>NumberText</name>
    <message>
        <source>%1 GiB</source>
        <translation>%1 GiB</translation>
    </message>
    <message>
        <source>%1 MiB</source>
        <translation>%1 MiB</translation>
    </message>
</context>
<context>
    <name>QGnomeTheme</name>
    <message>
        <source>&amp;OK</source>
        <translation>&amp;Đồng ý</translation>
    </message>
    <message>
        <source>&amp;Save</source>
        <translation>&amp;Lưu</translation>
    </message>
    <message>
        <source>&amp;Cancel</source>
        <translation>&amp;Hủy</translation>
    </message>
    <message>
        <source>&amp;Close</source>
        <translation>Đó&amp;ng</translation>
    </message>
    <message>
        <source>Close without Saving</source>
        <translation>Đóng mà không lưu</translation>
    </message>
</context>
<context>
    <name>QPlatformTheme</name>
    <message>
        <source>OK</source>
        <translation>Đồng ý</translation>
    </message>
    <message>
        <source>Save</source>
        <translation>Lưu</translation>
    </message>
    <message>
        <source>Save All</source>
        <translation>Lưu tất cả</translation>
    </message>
    <message>
        <source>Open</source>
        <translation>Mở</translation>
    </message>
    <message>
        <source>&amp;Yes</source>
        <translation>&amp;Có</translation>
    </message>
    <message>
        <source>Yes to &amp;All</source>
        <translation>Có với &amp;tất cả</translation>
    </message>
    <message>
        <source>&amp;No</source>
        <translation>&amp;Không</translation>
    </message>
    <message>
        <source>N&amp;o to All</source>
        <translation>Không với tất &amp;cả</translation>
    </message>
    <message>
        <source>Abort</source>
        <translation>Bỏ dở</translation>
    </message>
    <message>
        <source>Retry</source>
        <translation>Thử lại</translation>
    </message>
    <message>
        <source>Ignore</source>
        <translation>Bỏ qua</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>Đóng</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Hủy</translation>
    </message>
    <message>
        <source>Discard</source>
        <translation>Bỏ</translation>
    </message>
    <message>
        <source>Help</source>
        <translation>Trợ giúp</translation>
    </message>
    <message>
        <source>Apply</source>
        <translation>Áp dụng</translation>
    </message>
    <message>
        <source>Reset</source>
        <translation>Đặt lại</translation>
    </message>
    <message>
        <source>Restore Defaults</source>
        <translation>Khôi phục mặc định</translation>
    </message>
</context>
<context>
    <name>RunDisplay</name>
    <message>
        <source>Created</source>
        <translation>Đã tạo</translation>
    </message>
    <message>
        <source>Running</source>
        <translation>Đang chạy</translation>
    </message>
    <message>
        <source>Paused</source>
        <translation>Tạm dừng</translation>
    </message>
    <message>
        <source>Completed</source>
        <translation>Hoàn tất</translation>
    </message>
    <message>
        <source>Cancelled</source>
        <translation>Đã hủy</translation>
    </message>
    <message>
        <source>Diverged</source>
        <translation>Phân kỳ</translation>
    </message>
    <message>
        <source>Failed</source>
        <translation>Thất bại</translation>
    </message>
    <message>
        <source>Interrupted</source>
        <translation>Bị gián đoạn</translation>
    </message>
    <message>
        <source>%1 s</source>
        <translation>%1 giây</translation>
    </message>
    <message>
        <source>%1 min %2 s</source>
        <translation>%1 phút %2 giây</translation>
    </message>
    <message>
        <source>%1 h %2 min</source>
        <translation>%1 giờ %2 phút</translation>
    </message>
    <message>
        <source>%1 d %2 h</source>
        <translation>%1 ngày %2 giờ</translation>
    </message>
    <message>
        <source>#%1 %2</source>
        <translation>#%1 %2</translation>
    </message>
</context>
<context>
    <name>RunSummaryText</name>
    <message>
        <source>Run #%1: its record could not be read (%2).</source>
        <translation>Lần chạy #%1: không đọc được bản ghi của nó (%2).</translation>
    </message>
    <message>
        <source>&lt;b&gt;Run #%1 %2&lt;/b&gt; at step %3</source>
        <translation>&lt;b&gt;Lần chạy #%1 %2&lt;/b&gt; ở bước %3</translation>
    </message>
    <message>
        <source>best validation loss &lt;b&gt;%1&lt;/b&gt; at step %2</source>
        <translation>loss kiểm định tốt nhất &lt;b&gt;%1&lt;/b&gt; ở bước %2</translation>
    </message>
    <message>
        <source>no validation loss measured</source>
        <translation>chưa đo loss kiểm định</translation>
    </message>
    <message>
        <source>%1 of training</source>
        <translation>huấn luyện trong %1</translation>
    </message>
    <message>
        <source>%1 tokens seen</source>
        <translation>đã đọc %1 token</translation>
    </message>
    <message numerus="yes">
        <source>%n checkpoint(s) in %1</source>
        <translation>
            <numerusform>%n checkpoint trong %1</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>RunsStoreJobs</name>
    <message>
        <source>Run #%1 is running; cancel it before deleting it.</source>
        <translation>Lần chạy #%1 đang chạy; hãy hủy nó trước khi xóa.</translation>
    </message>
    <message>
        <source>%1: kept (outside the project folder)</source>
        <translation>%1: giữ lại (nằm ngoài thư mục dự án)</translation>
    </message>
    <message>
        <source>%1: kept (not a run folder of this project)</source>
        <translation>%1: giữ lại (không phải thư mục lần chạy của dự án này)</translation>
    </message>
    <message>
        <source>— step %1 —</source>
        <translation>— bước %1 —</translation>
    </message>
</context>
<context>
    <name>SavedTrainSetupText</name>
    <message>
        <source>%1: %2</source>
        <translation>%1: %2</translation>
    </message>
    <message>
        <source>%1: not the Train panel&apos;s settings (%2); the form starts from the defaults</source>
        <translation>%1: không phải thiết lập của bảng Huấn luyện (%2); biểu mẫu bắt đầu từ giá trị mặc định</translation>
    </message>
    <message>
        <source>Could not save the Train panel&apos;s settings to %1: %2</source>
        <translation>Không lưu được thiết lập của bảng Huấn luyện vào %1: %2</translation>
    </message>
    <message>
        <source>%1: not the settings of %2 (%3); the form starts from the defaults</source>
        <translation>%1: không phải thiết lập của %2 (%3); biểu mẫu bắt đầu từ giá trị mặc định</translation>
    </message>
    <message>
        <source>Could not save the settings of %1 to %2: %3</source>
        <translation>Không lưu được thiết lập của %1 vào %2: %3</translation>
    </message>
    <message>
        <source>the Train panel</source>
        <translation>bảng Huấn luyện</translation>
    </message>
</context>
<context>
    <name>lw::ui::AnswerStats</name>
    <message>
        <source>first token %1 ms</source>
        <translation>token đầu sau %1 ms</translation>
    </message>
    <message>
        <source>%1 tokens/s</source>
        <translation>%1 token/giây</translation>
    </message>
    <message numerus="yes">
        <source>%n token(s)</source>
        <translation>
            <numerusform>%n token</numerusform>
        </translation>
    </message>
    <message>
        <source>stopped</source>
        <translation>đã dừng</translation>
    </message>
    <message>
        <source>context full</source>
        <translation>hết ngữ cảnh</translation>
    </message>
    <message>
        <source>length limit</source>
        <translation>chạm giới hạn độ dài</translation>
    </message>
</context>
<context>
    <name>lw::ui::ApiServerControl</name>
    <message>
        <source>API server · %1</source>
        <translation>Máy chủ API · %1</translation>
    </message>
    <message>
        <source>Stop API</source>
        <translation>Dừng API</translation>
    </message>
    <message>
        <source>Serve API</source>
        <translation>Mở API</translation>
    </message>
    <message>
        <source>Serve the chosen model to other programs over an OpenAI-compatible HTTP API (/v1/models, /v1/completions, /v1/chat/completions) on this computer only</source>
        <translation>Cho các chương trình khác dùng mô hình đang chọn qua một API HTTP tương thích OpenAI (/v1/models, /v1/completions, /v1/chat/completions), chỉ trong máy này</translation>
    </message>
    <message>
        <source>starting…</source>
        <translation>đang khởi động…</translation>
    </message>
    <message>
        <source>API at %1/v1</source>
        <translation>API tại %1/v1</translation>
    </message>
    <message>
        <source>Port</source>
        <translation>Cổng</translation>
    </message>
    <message>
        <source>any free</source>
        <translation>cổng trống bất kỳ</translation>
    </message>
    <message>
        <source>The port the API listens on at 127.0.0.1 (any free one when 0)</source>
        <translation>Cổng API lắng nghe tại 127.0.0.1 (0: một cổng trống bất kỳ)</translation>
    </message>
    <message>
        <source>The API server stopped: %1</source>
        <translation>Máy chủ API đã dừng: %1</translation>
    </message>
</context>
<context>
    <name>lw::ui::ChatPanel</name>
    <message>
        <source>Loading the model…</source>
        <translation>Đang nạp mô hình…</translation>
    </message>
    <message>
        <source>Training the demo model (only this once): step %1 of %2</source>
        <translation>Đang huấn luyện mô hình demo (chỉ lần này): bước %1/%2</translation>
    </message>
    <message>
        <source>The model could not be loaded: %1</source>
        <translation>Không nạp được mô hình: %1</translation>
    </message>
    <message>
        <source>No model loaded</source>
        <translation>Chưa nạp mô hình nào</translation>
    </message>
    <message>
        <source>The project&apos;s runs could not be read: %1</source>
        <translation>Không đọc được các lần chạy của dự án: %1</translation>
    </message>
    <message>
        <source>Model</source>
        <translation>Mô hình</translation>
    </message>
    <message>
        <source>A checkpoint of one of the project&apos;s runs, or the demo model</source>
        <translation>Một checkpoint của một lần chạy trong dự án, hoặc mô hình demo</translation>
    </message>
    <message>
        <source>Read the project&apos;s runs and checkpoints again</source>
        <translation>Đọc lại các lần chạy và checkpoint của dự án</translation>
    </message>
    <message>
        <source>Chat</source>
        <translation>Trò chuyện</translation>
    </message>
    <message>
        <source>Decoding lab</source>
        <translation>Phòng thử giải mã</translation>
    </message>
    <message>
        <source>Compare models</source>
        <translation>So sánh mô hình</translation>
    </message>
    <message>
        <source>The API answers at %1/v1</source>
        <translation>API đang phục vụ tại %1/v1</translation>
    </message>
    <message>
        <source>Looking for the demo model…</source>
        <translation>Đang tìm mô hình demo…</translation>
    </message>
    <message>
        <source>Preparing the demo model&apos;s training…</source>
        <translation>Đang chuẩn bị huấn luyện mô hình demo…</translation>
    </message>
    <message>
        <source> · %1 left</source>
        <translation> · còn %1</translation>
    </message>
    <message>
        <source>Run #%1 is training the demo model in another process: step %2 of %3</source>
        <translation>Lần chạy #%1 đang huấn luyện mô hình demo trong một tiến trình khác: bước %2/%3</translation>
    </message>
    <message>
        <source> · what you send is answered when it is ready</source>
        <translation> · tin nhắn bạn gửi sẽ được trả lời khi mô hình sẵn sàng</translation>
    </message>
    <message>
        <source>Ready · the model reads up to %1 tokens</source>
        <translation>Sẵn sàng · mô hình đọc tối đa %1 token</translation>
    </message>
    <message>
        <source>Send the message, run the lab or the comparison</source>
        <translation>Gửi tin nhắn, chạy phòng thử hoặc phép so sánh</translation>
    </message>
    <message>
        <source>Stop the answer</source>
        <translation>Dừng câu trả lời</translation>
    </message>
    <message>
        <source>Write the last answer again</source>
        <translation>Viết lại câu trả lời cuối</translation>
    </message>
    <message>
        <source>New conversation</source>
        <translation>Cuộc trò chuyện mới</translation>
    </message>
    <message>
        <source>%1 is not an adapter folder.</source>
        <translation>%1 không phải thư mục adapter.</translation>
    </message>
    <message>
        <source>Adapter</source>
        <translation>Adapter</translation>
    </message>
    <message>
        <source>The adapter&apos;s chat template could not be read: %1</source>
        <translation>Không đọc được mẫu hội thoại của adapter: %1</translation>
    </message>
</context>
<context>
    <name>lw::ui::ChatTemplatePicker</name>
    <message>
        <source>%1 (custom)</source>
        <translation>%1 (tự tạo)</translation>
    </message>
    <message>
        <source>Custom template file…</source>
        <translation>Tệp mẫu hội thoại tự tạo…</translation>
    </message>
    <message>
        <source>A JSON file with the fields name, bos, system, user, assistant and stop</source>
        <translation>Một tệp JSON có các trường name, bos, system, user, assistant và stop</translation>
    </message>
    <message>
        <source>Chat template</source>
        <translation>Mẫu hội thoại</translation>
    </message>
    <message>
        <source>Chat templates (*.json);;All files (*)</source>
        <translation>Mẫu hội thoại (*.json);;Mọi tệp (*)</translation>
    </message>
    <message>
        <source>This chat template cannot be used:
%1</source>
        <translation>Không dùng được mẫu hội thoại này:
%1</translation>
    </message>
</context>
<context>
    <name>lw::ui::ChatView</name>
    <message>
        <source>The conversations could not be read or saved: %1</source>
        <translation>Không đọc hoặc lưu được các cuộc trò chuyện: %1</translation>
    </message>
    <message>
        <source>Conversations</source>
        <translation>Các cuộc trò chuyện</translation>
    </message>
    <message>
        <source>New</source>
        <translation>Mới</translation>
    </message>
    <message>
        <source>Start a new conversation (Ctrl+N)</source>
        <translation>Bắt đầu một cuộc trò chuyện mới (Ctrl+N)</translation>
    </message>
    <message>
        <source>Delete</source>
        <translation>Xóa</translation>
    </message>
    <message>
        <source>Delete the selected conversation</source>
        <translation>Xóa cuộc trò chuyện đang chọn</translation>
    </message>
    <message>
        <source>Write a message; Ctrl+Enter sends it</source>
        <translation>Viết tin nhắn; nhấn Ctrl+Enter để gửi</translation>
    </message>
    <message>
        <source>Send</source>
        <translation>Gửi</translation>
    </message>
    <message>
        <source>Send the message (Ctrl+Enter)</source>
        <translation>Gửi tin nhắn (Ctrl+Enter)</translation>
    </message>
    <message>
        <source>Stop</source>
        <translation>Dừng</translation>
    </message>
    <message>
        <source>Stop the answer being written (Esc)</source>
        <translation>Dừng câu trả lời đang được viết (Esc)</translation>
    </message>
    <message>
        <source>Regenerate</source>
        <translation>Tạo lại</translation>
    </message>
    <message>
        <source>Write the last answer again with the next seed (Ctrl+R)</source>
        <translation>Viết lại câu trả lời cuối với seed kế tiếp (Ctrl+R)</translation>
    </message>
    <message>
        <source>Chat template</source>
        <translation>Mẫu hội thoại</translation>
    </message>
    <message>
        <source>How the conversation is written out for the model</source>
        <translation>Cách cuộc trò chuyện được viết ra cho mô hình đọc</translation>
    </message>
    <message>
        <source>System prompt</source>
        <translation>Lời nhắc hệ thống</translation>
    </message>
    <message>
        <source>Instructions the model sees before the conversation (optional)</source>
        <translation>Chỉ dẫn mô hình đọc trước cuộc trò chuyện (không bắt buộc)</translation>
    </message>
    <message>
        <source>Decoding</source>
        <translation>Giải mã</translation>
    </message>
    <message>
        <source>(untitled)</source>
        <translation>(chưa đặt tên)</translation>
    </message>
    <message numerus="yes">
        <source>%n message(s), last changed %1</source>
        <translation>
            <numerusform>%n tin nhắn, sửa lần cuối %1</numerusform>
        </translation>
    </message>
    <message>
        <source>This conversation&apos;s settings could not be read (%1); the current ones stay.</source>
        <translation>Không đọc được thiết lập của cuộc trò chuyện này (%1); vẫn giữ thiết lập hiện tại.</translation>
    </message>
    <message>
        <source>Delete conversation</source>
        <translation>Xóa cuộc trò chuyện</translation>
    </message>
    <message>
        <source>Delete this conversation and all its messages? This cannot be undone.</source>
        <translation>Xóa cuộc trò chuyện này cùng mọi tin nhắn của nó? Không thể hoàn tác.</translation>
    </message>
    <message>
        <source>No answer: %1</source>
        <translation>Không có câu trả lời: %1</translation>
    </message>
    <message>
        <source>Context: %1 of %2 tokens (%3 %)</source>
        <translation>Ngữ cảnh: %1/%2 token (%3 %)</translation>
    </message>
    <message numerus="yes">
        <source> · the first %n message(s) no longer fit: the model does not read them</source>
        <translation>
            <numerusform> · %n tin nhắn đầu không còn vừa: mô hình không đọc chúng</numerusform>
        </translation>
    </message>
    <message>
        <source>How much of what the model can read at once the conversation takes. When it is full, the oldest exchanges are left out (the system prompt always stays).</source>
        <translation>Cuộc trò chuyện chiếm bao nhiêu phần những gì mô hình đọc được một lần. Khi đầy, các lượt trao đổi cũ nhất bị bỏ ra (lời nhắc hệ thống luôn được giữ).</translation>
    </message>
</context>
<context>
    <name>lw::ui::ConfigDiffModel</name>
    <message>
        <source>—</source>
        <translation>—</translation>
    </message>
    <message>
        <source>Not set in this run</source>
        <translation>Không đặt trong lần chạy này</translation>
    </message>
    <message>
        <source>Setting</source>
        <translation>Thiết lập</translation>
    </message>
</context>
<context>
    <name>lw::ui::ConfigDiffView</name>
    <message>
        <source>Show only differences</source>
        <translation>Chỉ hiện chỗ khác nhau</translation>
    </message>
    <message>
        <source>Select runs to compare their settings.</source>
        <translation>Chọn các lần chạy để so sánh thiết lập của chúng.</translation>
    </message>
    <message>
        <source>%1 of %2 settings differ</source>
        <translation>%1 trên %2 thiết lập khác nhau</translation>
    </message>
</context>
<context>
    <name>lw::ui::ConfigFieldHelp</name>
    <message>
        <source>sequences per optimizer micro-step</source>
        <translation>số chuỗi trong mỗi micro-step của optimizer</translation>
    </message>
    <message>
        <source>tokens per training sequence (0: the model&apos;s context length)</source>
        <translation>số token trong mỗi chuỗi huấn luyện (0: bằng độ dài ngữ cảnh của mô hình)</translation>
    </message>
    <message>
        <source>distance in tokens between the starts of training sequences (0: the context, no overlap)</source>
        <translation>khoảng cách (tính bằng token) giữa điểm đầu của các chuỗi huấn luyện (0: bằng ngữ cảnh, không chồng lấn)</translation>
    </message>
    <message>
        <source>visit training sequences in a seeded random order each epoch</source>
        <translation>duyệt các chuỗi huấn luyện theo thứ tự ngẫu nhiên (theo seed) ở mỗi epoch</translation>
    </message>
    <message>
        <source>optimizer steps to train for</source>
        <translation>số bước optimizer sẽ huấn luyện</translation>
    </message>
    <message>
        <source>peak learning rate, reached after warm-up</source>
        <translation>tốc độ học đỉnh, đạt được sau giai đoạn warm-up</translation>
    </message>
    <message>
        <source>the schedule ends at learning_rate times this</source>
        <translation>lịch học kết thúc ở learning_rate nhân với giá trị này</translation>
    </message>
    <message>
        <source>steps of linear warm-up from zero to the peak learning rate</source>
        <translation>số bước warm-up tuyến tính từ 0 lên tốc độ học đỉnh</translation>
    </message>
    <message>
        <source>decay after warm-up: cosine, linear or constant</source>
        <translation>cách giảm sau warm-up: cosine, tuyến tính hoặc giữ nguyên</translation>
    </message>
    <message>
        <source>AdamW decoupled weight decay, applied to matrices and embeddings only</source>
        <translation>weight decay tách rời của AdamW, chỉ áp dụng cho ma trận và embedding</translation>
    </message>
    <message>
        <source>AdamW first-moment decay</source>
        <translation>hệ số suy giảm moment bậc một của AdamW</translation>
    </message>
    <message>
        <source>AdamW second-moment decay</source>
        <translation>hệ số suy giảm moment bậc hai của AdamW</translation>
    </message>
    <message>
        <source>AdamW denominator epsilon</source>
        <translation>epsilon ở mẫu số của AdamW</translation>
    </message>
    <message>
        <source>clip the global gradient norm to this (0: no clipping)</source>
        <translation>cắt chuẩn gradient toàn cục về giá trị này (0: không cắt)</translation>
    </message>
    <message>
        <source>micro-batches accumulated per optimizer step</source>
        <translation>số micro-batch được cộng dồn cho mỗi bước optimizer</translation>
    </message>
    <message>
        <source>steps between validation-loss evaluations (0: never)</source>
        <translation>số bước giữa hai lần đánh giá loss kiểm định (0: không bao giờ)</translation>
    </message>
    <message>
        <source>validation batches per evaluation (0: the whole validation split)</source>
        <translation>số batch kiểm định mỗi lần đánh giá (0: toàn bộ tập kiểm định)</translation>
    </message>
    <message>
        <source>steps between sample generations (0: never)</source>
        <translation>số bước giữa hai lần sinh mẫu (0: không bao giờ)</translation>
    </message>
    <message>
        <source>text the samples continue (empty: start of a document)</source>
        <translation>đoạn văn bản mở đầu để mẫu viết tiếp (trống: bắt đầu một tài liệu mới)</translation>
    </message>
    <message>
        <source>tokens generated per sample</source>
        <translation>số token sinh ra cho mỗi mẫu</translation>
    </message>
    <message>
        <source>sampling temperature of the samples (0: greedy)</source>
        <translation>nhiệt độ lấy mẫu (0: greedy)</translation>
    </message>
    <message>
        <source>sample among the k most likely tokens (0: all)</source>
        <translation>lấy mẫu trong k token có xác suất cao nhất (0: tất cả)</translation>
    </message>
    <message>
        <source>steps between checkpoints (0: only at the end)</source>
        <translation>số bước giữa hai checkpoint (0: chỉ lưu ở cuối)</translation>
    </message>
    <message>
        <source>periodic checkpoints to keep; the best one is kept apart</source>
        <translation>số checkpoint định kỳ được giữ lại; checkpoint tốt nhất được giữ riêng</translation>
    </message>
    <message>
        <source>stop after this many evaluations without improvement (0: off)</source>
        <translation>dừng sau ngần này lần đánh giá không cải thiện (0: tắt)</translation>
    </message>
    <message>
        <source>smallest validation-loss decrease that counts as improvement</source>
        <translation>mức giảm loss kiểm định nhỏ nhất được tính là cải thiện</translation>
    </message>
    <message>
        <source>steps between progress reports and recorded metrics</source>
        <translation>số bước giữa hai lần báo tiến độ và ghi số liệu</translation>
    </message>
    <message>
        <source>seed of every random choice (initialisation, data order, dropout, samples)</source>
        <translation>seed cho mọi lựa chọn ngẫu nhiên (khởi tạo, thứ tự dữ liệu, dropout, mẫu sinh)</translation>
    </message>
    <message>
        <source>CPU threads for tensor operations (0: all cores)</source>
        <translation>số luồng CPU cho các phép toán tensor (0: dùng mọi nhân)</translation>
    </message>
    <message>
        <source>cpu, cuda or cuda:N</source>
        <translation>cpu, cuda hoặc cuda:N</translation>
    </message>
    <message>
        <source>fp32, or bf16 mixed precision</source>
        <translation>fp32, hoặc độ chính xác hỗn hợp bf16</translation>
    </message>
    <message>
        <source>architecture: gpt2 (learned positions, LayerNorm, GELU) or llama (RoPE, RMSNorm, SwiGLU, GQA)</source>
        <translation>kiến trúc: gpt2 (vị trí học được, LayerNorm, GELU) hoặc llama (RoPE, RMSNorm, SwiGLU, GQA)</translation>
    </message>
    <message>
        <source>number of transformer blocks</source>
        <translation>số khối transformer</translation>
    </message>
    <message>
        <source>width of the residual stream (embedding size)</source>
        <translation>độ rộng của luồng residual (kích thước embedding)</translation>
    </message>
    <message>
        <source>attention heads (must divide d_model)</source>
        <translation>số head attention (phải chia hết d_model)</translation>
    </message>
    <message>
        <source>key/value heads for grouped-query attention (0: as many as n_head; llama only)</source>
        <translation>số head key/value cho grouped-query attention (0: bằng n_head; chỉ llama)</translation>
    </message>
    <message>
        <source>longest sequence the model reads, in tokens</source>
        <translation>chuỗi dài nhất mô hình đọc được, tính bằng token</translation>
    </message>
    <message>
        <source>hidden width of the feed-forward block (0: 4 x d_model, or the SwiGLU rule for llama)</source>
        <translation>độ rộng lớp ẩn của khối feed-forward (0: 4 x d_model, hoặc theo quy tắc SwiGLU với llama)</translation>
    </message>
    <message>
        <source>vocabulary size (at least the tokenizer&apos;s)</source>
        <translation>kích thước từ vựng (ít nhất bằng của tokenizer)</translation>
    </message>
    <message>
        <source>dropout on embeddings and residual branches while training</source>
        <translation>dropout trên embedding và các nhánh residual khi huấn luyện</translation>
    </message>
    <message>
        <source>biases in linear layers and LayerNorm (gpt2)</source>
        <translation>bias trong các lớp tuyến tính và LayerNorm (gpt2)</translation>
    </message>
    <message>
        <source>share the input embedding with the output projection</source>
        <translation>dùng chung embedding đầu vào với phép chiếu đầu ra</translation>
    </message>
    <message>
        <source>epsilon of the normalisation layers</source>
        <translation>epsilon của các lớp chuẩn hóa</translation>
    </message>
    <message>
        <source>base of the rotary position frequencies (llama)</source>
        <translation>cơ số của tần số vị trí xoay RoPE (llama)</translation>
    </message>
</context>
<context>
    <name>lw::ui::ConfigFieldLabel</name>
    <message>
        <source>Batch size</source>
        <translation>Kích thước batch</translation>
    </message>
    <message>
        <source>Sequence length</source>
        <translation>Độ dài chuỗi</translation>
    </message>
    <message>
        <source>Stride</source>
        <translation>Bước trượt</translation>
    </message>
    <message>
        <source>Shuffle</source>
        <translation>Xáo trộn</translation>
    </message>
    <message>
        <source>Steps</source>
        <translation>Số bước</translation>
    </message>
    <message>
        <source>Learning rate</source>
        <translation>Tốc độ học</translation>
    </message>
    <message>
        <source>Final learning rate ratio</source>
        <translation>Tỉ lệ tốc độ học cuối</translation>
    </message>
    <message>
        <source>Warm-up steps</source>
        <translation>Số bước warm-up</translation>
    </message>
    <message>
        <source>Schedule</source>
        <translation>Lịch tốc độ học</translation>
    </message>
    <message>
        <source>Weight decay</source>
        <translation>Weight decay</translation>
    </message>
    <message>
        <source>Adam β1</source>
        <translation>Adam β1</translation>
    </message>
    <message>
        <source>Adam β2</source>
        <translation>Adam β2</translation>
    </message>
    <message>
        <source>Adam ε</source>
        <translation>Adam ε</translation>
    </message>
    <message>
        <source>Gradient clipping</source>
        <translation>Cắt gradient</translation>
    </message>
    <message>
        <source>Gradient accumulation</source>
        <translation>Cộng dồn gradient</translation>
    </message>
    <message>
        <source>Evaluate every</source>
        <translation>Đánh giá mỗi</translation>
    </message>
    <message>
        <source>Evaluation batches</source>
        <translation>Số batch đánh giá</translation>
    </message>
    <message>
        <source>Sample every</source>
        <translation>Sinh mẫu mỗi</translation>
    </message>
    <message>
        <source>Sample prompt</source>
        <translation>Prompt sinh mẫu</translation>
    </message>
    <message>
        <source>Sample length</source>
        <translation>Độ dài mẫu</translation>
    </message>
    <message>
        <source>Sample temperature</source>
        <translation>Nhiệt độ sinh mẫu</translation>
    </message>
    <message>
        <source>Sample top-k</source>
        <translation>Top-k khi sinh mẫu</translation>
    </message>
    <message>
        <source>Checkpoint every</source>
        <translation>Lưu checkpoint mỗi</translation>
    </message>
    <message>
        <source>Checkpoints kept</source>
        <translation>Số checkpoint giữ lại</translation>
    </message>
    <message>
        <source>Early-stopping patience</source>
        <translation>Độ kiên nhẫn dừng sớm</translation>
    </message>
    <message>
        <source>Early-stopping minimum gain</source>
        <translation>Mức cải thiện tối thiểu (dừng sớm)</translation>
    </message>
    <message>
        <source>Log every</source>
        <translation>Ghi log mỗi</translation>
    </message>
    <message>
        <source>Seed</source>
        <translation>Seed</translation>
    </message>
    <message>
        <source>Threads</source>
        <translation>Số luồng</translation>
    </message>
    <message>
        <source>Device</source>
        <translation>Thiết bị</translation>
    </message>
    <message>
        <source>Precision</source>
        <translation>Độ chính xác số</translation>
    </message>
    <message>
        <source>Architecture</source>
        <translation>Kiến trúc</translation>
    </message>
    <message>
        <source>Layers</source>
        <translation>Số lớp</translation>
    </message>
    <message>
        <source>Width</source>
        <translation>Độ rộng</translation>
    </message>
    <message>
        <source>Heads</source>
        <translation>Số head</translation>
    </message>
    <message>
        <source>Key/value heads</source>
        <translation>Số head key/value</translation>
    </message>
    <message>
        <source>Context</source>
        <translation>Ngữ cảnh</translation>
    </message>
    <message>
        <source>Feed-forward width</source>
        <translation>Độ rộng feed-forward</translation>
    </message>
    <message>
        <source>Vocabulary</source>
        <translation>Từ vựng</translation>
    </message>
    <message>
        <source>Dropout</source>
        <translation>Dropout</translation>
    </message>
    <message>
        <source>Optimizer</source>
        <translation>Optimizer</translation>
    </message>
    <message>
        <source>Data</source>
        <translation>Dữ liệu</translation>
    </message>
    <message>
        <source>Validation</source>
        <translation>Kiểm định</translation>
    </message>
    <message>
        <source>Samples</source>
        <translation>Mẫu sinh</translation>
    </message>
    <message>
        <source>Checkpoints and logging</source>
        <translation>Checkpoint và ghi log</translation>
    </message>
    <message>
        <source>Compute</source>
        <translation>Tính toán</translation>
    </message>
    <message>
        <source>Other</source>
        <translation>Khác</translation>
    </message>
</context>
<context>
    <name>lw::ui::DatasetSection</name>
    <message>
        <source>%1 training tokens, %2 validation, vocabulary %3</source>
        <translation>%1 token huấn luyện, %2 token kiểm định, từ vựng %3</translation>
    </message>
    <message>
        <source>No dataset yet: add text files and prepare one</source>
        <translation>Chưa có tập dữ liệu: hãy thêm tệp văn bản rồi chuẩn bị một tập</translation>
    </message>
    <message>
        <source>Add text files</source>
        <translation>Thêm tệp văn bản</translation>
    </message>
    <message>
        <source>Text files (*.txt *.md *.jsonl *.csv);;All files (*)</source>
        <translation>Tệp văn bản (*.txt *.md *.jsonl *.csv);;Mọi tệp (*)</translation>
    </message>
    <message>
        <source>Tokenize the files into a new dataset with the selected tokenizer</source>
        <translation>Tách token các tệp thành tập dữ liệu mới bằng tokenizer đang chọn</translation>
    </message>
    <message>
        <source>Train or pick a tokenizer first</source>
        <translation>Hãy huấn luyện hoặc chọn một tokenizer trước</translation>
    </message>
    <message>
        <source>Dataset</source>
        <translation>Tập dữ liệu</translation>
    </message>
    <message>
        <source>Prepared dataset</source>
        <translation>Tập dữ liệu đã chuẩn bị</translation>
    </message>
    <message>
        <source>A dataset of this project, already tokenized</source>
        <translation>Một tập dữ liệu của dự án này, đã được tách token</translation>
    </message>
    <message>
        <source>Text files</source>
        <translation>Tệp văn bản</translation>
    </message>
    <message>
        <source>Text files to build a new dataset (or a tokenizer) from; drop them here</source>
        <translation>Các tệp văn bản để tạo tập dữ liệu (hoặc tokenizer) mới; kéo thả vào đây</translation>
    </message>
    <message>
        <source>Add files…</source>
        <translation>Thêm tệp…</translation>
    </message>
    <message>
        <source>Remove</source>
        <translation>Bỏ ra</translation>
    </message>
    <message>
        <source>New dataset</source>
        <translation>Tập dữ liệu mới</translation>
    </message>
    <message>
        <source>name</source>
        <translation>tên</translation>
    </message>
    <message>
        <source>Prepare</source>
        <translation>Chuẩn bị</translation>
    </message>
</context>
<context>
    <name>lw::ui::DecodingLab</name>
    <message>
        <source>No answer: %1</source>
        <translation>Không có câu trả lời: %1</translation>
    </message>
    <message>
        <source>Prompt</source>
        <translation>Lời nhắc</translation>
    </message>
    <message>
        <source>Text for the model to continue, the same for every column</source>
        <translation>Đoạn văn bản để mô hình viết tiếp, giống nhau cho mọi cột</translation>
    </message>
    <message>
        <source>Columns</source>
        <translation>Số cột</translation>
    </message>
    <message>
        <source>As a chat message:</source>
        <translation>Gửi như tin nhắn trò chuyện:</translation>
    </message>
    <message>
        <source>Send the prompt as a user message through a chat template instead of continuing it as plain text</source>
        <translation>Gửi lời nhắc như một tin nhắn của người dùng qua mẫu hội thoại, thay vì viết tiếp nó như văn bản thường</translation>
    </message>
    <message>
        <source>Run</source>
        <translation>Chạy</translation>
    </message>
    <message>
        <source>Answer the prompt with every column&apos;s setting at once (Ctrl+Enter)</source>
        <translation>Trả lời lời nhắc với thiết lập của mọi cột cùng lúc (Ctrl+Enter)</translation>
    </message>
    <message>
        <source>Stop</source>
        <translation>Dừng</translation>
    </message>
    <message>
        <source>Stop every column (Esc)</source>
        <translation>Dừng mọi cột (Esc)</translation>
    </message>
    <message>
        <source>Each token is coloured by its probability under the model, from red (unlikely) to green (likely). Hover a token to see what else the model considered.</source>
        <translation>Mỗi token được tô màu theo xác suất mô hình gán cho nó, từ đỏ (ít khả năng) đến xanh lá (nhiều khả năng). Di chuột lên một token để xem mô hình còn cân nhắc những lựa chọn nào.</translation>
    </message>
</context>
<context>
    <name>lw::ui::DemoBootstrap</name>
    <message>
        <source>writing the demo stories</source>
        <translation>đang viết các truyện mẫu</translation>
    </message>
    <message>
        <source>training the demo tokenizer</source>
        <translation>đang huấn luyện tokenizer mẫu</translation>
    </message>
    <message>
        <source>preparing the demo dataset</source>
        <translation>đang chuẩn bị tập dữ liệu mẫu</translation>
    </message>
</context>
<context>
    <name>lw::ui::DemoModelJob</name>
    <message>
        <source>The demo project&apos;s store could not be read: %1</source>
        <translation>Không đọc được kho dữ liệu của dự án mẫu: %1</translation>
    </message>
    <message>
        <source>Training the demo model</source>
        <translation>Đang huấn luyện mô hình demo</translation>
    </message>
    <message>
        <source>The demo model&apos;s training was cancelled at step %1 of %2; it continues from there when you choose the demo model again.</source>
        <translation>Việc huấn luyện mô hình demo đã bị hủy ở bước %1/%2; nó sẽ tiếp tục từ đó khi bạn chọn lại mô hình demo.</translation>
    </message>
    <message>
        <source>The demo model&apos;s training diverged: %1</source>
        <translation>Việc huấn luyện mô hình demo bị phân kỳ: %1</translation>
    </message>
    <message>
        <source>The demo model&apos;s training stopped: %1</source>
        <translation>Việc huấn luyện mô hình demo đã dừng: %1</translation>
    </message>
    <message>
        <source>No data folder is set for the demo project (Preferences).</source>
        <translation>Chưa đặt thư mục dữ liệu cho dự án mẫu (Tùy chỉnh).</translation>
    </message>
</context>
<context>
    <name>lw::ui::Duration</name>
    <message>
        <source>%1h %2m</source>
        <translation>%1 giờ %2 phút</translation>
    </message>
    <message>
        <source>%1m %2s</source>
        <translation>%1 phút %2 giây</translation>
    </message>
    <message>
        <source>%1s</source>
        <translation>%1 giây</translation>
    </message>
</context>
<context>
    <name>lw::ui::FileDropList</name>
    <message>
        <source>Drop text files or folders here</source>
        <translation>Kéo thả tệp văn bản hoặc thư mục vào đây</translation>
    </message>
</context>
<context>
    <name>lw::ui::GenerationWorker</name>
    <message>
        <source>No model is loaded.</source>
        <translation>Chưa nạp mô hình nào.</translation>
    </message>
</context>
<context>
    <name>lw::ui::HyperparameterForm</name>
    <message>
        <source>on</source>
        <translation>bật</translation>
    </message>
    <message>
        <source>off</source>
        <translation>tắt</translation>
    </message>
    <message>
        <source>empty</source>
        <translation>trống</translation>
    </message>
    <message>
        <source>%1
Default: %2</source>
        <translation>%1
Mặc định: %2</translation>
    </message>
</context>
<context>
    <name>lw::ui::JobSupervisor</name>
    <message>
        <source>An over-long line from the worker was skipped.</source>
        <translation>Đã bỏ qua một dòng quá dài từ tiến trình worker.</translation>
    </message>
    <message>
        <source>The worker process stopped unexpectedly (%1).</source>
        <translation>Tiến trình worker dừng đột ngột (%1).</translation>
    </message>
    <message>
        <source>The worker exited with status %1.</source>
        <translation>Tiến trình worker thoát với mã %1.</translation>
    </message>
    <message>
        <source>The worker exited without reporting how the job ended.</source>
        <translation>Tiến trình worker đã thoát mà không báo tác vụ kết thúc thế nào.</translation>
    </message>
    <message>
        <source>Could not start the worker %1: %2</source>
        <translation>Không khởi động được tiến trình worker %1: %2</translation>
    </message>
</context>
<context>
    <name>lw::ui::JobsStatusWidget</name>
    <message>
        <source>Run #%1 · %2</source>
        <translation>Lần chạy #%1 · %2</translation>
    </message>
    <message>
        <source>paused</source>
        <translation>tạm dừng</translation>
    </message>
    <message>
        <source>Cancel this job</source>
        <translation>Hủy tác vụ này</translation>
    </message>
    <message>
        <source>%1 left</source>
        <translation>còn %1</translation>
    </message>
</context>
<context>
    <name>lw::ui::LabColumn</name>
    <message>
        <source>Setting %1</source>
        <translation>Thiết lập %1</translation>
    </message>
</context>
<context>
    <name>lw::ui::LogDock</name>
    <message>
        <source>Log</source>
        <translation>Nhật ký</translation>
    </message>
    <message>
        <source>started (process %1)</source>
        <translation>đã bắt đầu (tiến trình %1)</translation>
    </message>
    <message>
        <source>ended: %1</source>
        <translation>đã kết thúc: %1</translation>
    </message>
    <message>
        <source>done</source>
        <translation>xong</translation>
    </message>
    <message>
        <source>failed: %1</source>
        <translation>thất bại: %1</translation>
    </message>
    <message>
        <source>crashed: %1</source>
        <translation>bị sập: %1</translation>
    </message>
    <message>
        <source>job %1</source>
        <translation>tác vụ %1</translation>
    </message>
</context>
<context>
    <name>lw::ui::LossChart</name>
    <message>
        <source>Step</source>
        <translation>Bước</translation>
    </message>
    <message>
        <source>Loss</source>
        <translation>Loss</translation>
    </message>
    <message>
        <source>Training curves</source>
        <translation>Đường cong huấn luyện</translation>
    </message>
    <message>
        <source>Exported from LLM Workbench</source>
        <translation>Xuất từ LLM Workbench</translation>
    </message>
    <message>
        <source>smoothed %1</source>
        <translation>đã làm mượt %1</translation>
    </message>
    <message>
        <source>at step %1</source>
        <translation>ở bước %1</translation>
    </message>
    <message>
        <source>Step %1</source>
        <translation>Bước %1</translation>
    </message>
</context>
<context>
    <name>lw::ui::MainWindow</name>
    <message>
        <source>Train</source>
        <translation>Huấn luyện</translation>
    </message>
    <message>
        <source>Runs</source>
        <translation>Lần chạy</translation>
    </message>
    <message>
        <source>Could not open the project %1: %2</source>
        <translation>Không mở được dự án %1: %2</translation>
    </message>
    <message>
        <source>Open project</source>
        <translation>Mở dự án</translation>
    </message>
    <message>
        <source>Could not open the project %1:
%2</source>
        <translation>Không mở được dự án %1:
%2</translation>
    </message>
    <message>
        <source>Demo project: %1…</source>
        <translation>Dự án mẫu: %1…</translation>
    </message>
    <message>
        <source>The demo project could not be made: %1</source>
        <translation>Không tạo được dự án mẫu: %1</translation>
    </message>
    <message>
        <source>Preparing the demo project…</source>
        <translation>Đang chuẩn bị dự án mẫu…</translation>
    </message>
    <message>
        <source>The demo project is ready: press Train to start a run.</source>
        <translation>Dự án mẫu đã sẵn sàng: bấm Huấn luyện để bắt đầu một lần chạy.</translation>
    </message>
    <message>
        <source>Opened project %1</source>
        <translation>Đã mở dự án %1</translation>
    </message>
    <message>
        <source>New project</source>
        <translation>Dự án mới</translation>
    </message>
    <message>
        <source>new-project</source>
        <translation>du-an-moi</translation>
    </message>
    <message>
        <source>%1 is a file; a project is a folder.</source>
        <translation>%1 là một tệp; dự án phải là một thư mục.</translation>
    </message>
    <message>
        <source>Runs are training</source>
        <translation>Đang có lần chạy huấn luyện</translation>
    </message>
    <message numerus="yes">
        <source>%n run(s) are still training. Keep them training in the background? The app follows them again when you reopen the project.</source>
        <translation>
            <numerusform>Còn %n lần chạy đang huấn luyện. Để chúng tiếp tục chạy nền? Khi mở lại dự án, ứng dụng sẽ theo dõi tiếp.</numerusform>
        </translation>
    </message>
    <message>
        <source>Keep training</source>
        <translation>Tiếp tục huấn luyện</translation>
    </message>
    <message>
        <source>Cancel the runs</source>
        <translation>Hủy các lần chạy</translation>
    </message>
    <message>
        <source>Add text files</source>
        <translation>Thêm tệp văn bản</translation>
    </message>
    <message>
        <source>Text files (*.txt *.md *.jsonl *.csv);;All files (*)</source>
        <translation>Tệp văn bản (*.txt *.md *.jsonl *.csv);;Mọi tệp (*)</translation>
    </message>
    <message>
        <source>About LLM Workbench</source>
        <translation>Giới thiệu LLM Workbench</translation>
    </message>
    <message>
        <source>&lt;h3&gt;LLM Workbench %1&lt;/h3&gt;&lt;p&gt;Build, train and watch language models on your own computer.&lt;/p&gt;&lt;p&gt;Training runs in worker processes (&lt;code&gt;llmwb&lt;/code&gt;); every run is recorded in the project&apos;s store.&lt;/p&gt;</source>
        <translation>&lt;h3&gt;LLM Workbench %1&lt;/h3&gt;&lt;p&gt;Xây dựng, huấn luyện và theo dõi mô hình ngôn ngữ ngay trên máy của bạn.&lt;/p&gt;&lt;p&gt;Việc huấn luyện chạy trong các tiến trình worker (&lt;code&gt;llmwb&lt;/code&gt;); mọi lần chạy đều được ghi vào kho dữ liệu của dự án.&lt;/p&gt;</translation>
    </message>
    <message>
        <source>Clear the list</source>
        <translation>Xóa danh sách</translation>
    </message>
    <message>
        <source>%1 — LLM Workbench</source>
        <translation>%1 — LLM Workbench</translation>
    </message>
    <message>
        <source>LLM Workbench</source>
        <translation>LLM Workbench</translation>
    </message>
    <message>
        <source>Project: %1</source>
        <translation>Dự án: %1</translation>
    </message>
    <message>
        <source>No project</source>
        <translation>Chưa mở dự án</translation>
    </message>
    <message>
        <source>%1 (%2)</source>
        <translation>%1 (%2)</translation>
    </message>
    <message>
        <source>&amp;File</source>
        <translation>&amp;Tệp</translation>
    </message>
    <message>
        <source>&amp;New Project…</source>
        <translation>Dự án &amp;mới…</translation>
    </message>
    <message>
        <source>&amp;Open Project…</source>
        <translation>&amp;Mở dự án…</translation>
    </message>
    <message>
        <source>Open &amp;Recent</source>
        <translation>Mở &amp;gần đây</translation>
    </message>
    <message>
        <source>Open the &amp;Demo Project</source>
        <translation>Mở dự án mẫ&amp;u</translation>
    </message>
    <message>
        <source>&amp;Add Text Files…</source>
        <translation>&amp;Thêm tệp văn bản…</translation>
    </message>
    <message>
        <source>&amp;Preferences…</source>
        <translation>Tù&amp;y chỉnh…</translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation>&amp;Thoát</translation>
    </message>
    <message>
        <source>&amp;Run</source>
        <translation>&amp;Chạy</translation>
    </message>
    <message>
        <source>&amp;Train</source>
        <translation>&amp;Huấn luyện</translation>
    </message>
    <message>
        <source>&amp;Pause or Resume</source>
        <translation>&amp;Tạm dừng hoặc tiếp tục</translation>
    </message>
    <message>
        <source>&amp;Cancel</source>
        <translation>H&amp;ủy</translation>
    </message>
    <message>
        <source>&amp;View</source>
        <translation>&amp;Xem</translation>
    </message>
    <message>
        <source>&amp;Log</source>
        <translation>&amp;Nhật ký</translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation>Trợ &amp;giúp</translation>
    </message>
    <message>
        <source>&amp;About LLM Workbench</source>
        <translation>&amp;Giới thiệu LLM Workbench</translation>
    </message>
    <message>
        <source>Chat</source>
        <translation>Trò chuyện</translation>
    </message>
    <message>
        <source>Elsewhere in the window</source>
        <translation>Nơi khác trong cửa sổ</translation>
    </message>
    <message>
        <source>&amp;User Guide</source>
        <translation>&amp;Hướng dẫn sử dụng</translation>
    </message>
    <message>
        <source>&amp;Keyboard Shortcuts</source>
        <translation>&amp;Phím tắt</translation>
    </message>
    <message>
        <source>Data</source>
        <translation>Dữ liệu</translation>
    </message>
    <message>
        <source>Models</source>
        <translation>Mô hình</translation>
    </message>
    <message>
        <source>Fine-tune</source>
        <translation>Tinh chỉnh</translation>
    </message>
    <message>
        <source>Evaluate</source>
        <translation>Đánh giá</translation>
    </message>
    <message>
        <source>Quantize</source>
        <translation>Lượng tử hóa</translation>
    </message>
</context>
<context>
    <name>lw::ui::MessageBubble</name>
    <message>
        <source>You</source>
        <translation>Bạn</translation>
    </message>
    <message>
        <source>Model</source>
        <translation>Mô hình</translation>
    </message>
    <message>
        <source>Edit</source>
        <translation>Sửa</translation>
    </message>
    <message>
        <source>Change this message and send it again; the messages after it are dropped</source>
        <translation>Sửa tin nhắn này rồi gửi lại; các tin nhắn sau nó sẽ bị bỏ</translation>
    </message>
    <message>
        <source>Send again</source>
        <translation>Gửi lại</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Hủy</translation>
    </message>
    <message>
        <source>Outside the model&apos;s context: it no longer reads this message.</source>
        <translation>Ngoài ngữ cảnh của mô hình: mô hình không còn đọc tin nhắn này.</translation>
    </message>
    <message>
        <source>The earlier version of this answer</source>
        <translation>Phiên bản trước của câu trả lời này</translation>
    </message>
    <message>
        <source>The later version of this answer</source>
        <translation>Phiên bản sau của câu trả lời này</translation>
    </message>
    <message>
        <source>Version %1 of %2 of this answer (Regenerate writes another)</source>
        <translation>Phiên bản %1/%2 của câu trả lời này (Tạo lại để viết thêm một bản)</translation>
    </message>
</context>
<context>
    <name>lw::ui::ModelCatalog</name>
    <message>
        <source>best</source>
        <translation>tốt nhất</translation>
    </message>
    <message>
        <source>final</source>
        <translation>cuối cùng</translation>
    </message>
    <message>
        <source>checkpoint</source>
        <translation>checkpoint</translation>
    </message>
    <message>
        <source>Demo model (trained on the demo stories)</source>
        <translation>Mô hình demo (huấn luyện trên các truyện demo)</translation>
    </message>
    <message>
        <source>#%1 %2 · %3, step %4</source>
        <translation>#%1 %2 · %3, bước %4</translation>
    </message>
    <message>
        <source>#%1 %2</source>
        <translation>#%1 %2</translation>
    </message>
    <message>
        <source>imported</source>
        <translation>nhập</translation>
    </message>
    <message>
        <source>merged</source>
        <translation>gộp</translation>
    </message>
    <message>
        <source>quantized</source>
        <translation>lượng tử hóa</translation>
    </message>
    <message>
        <source>pruned</source>
        <translation>tỉa</translation>
    </message>
    <message>
        <source>%1 · %2, %3</source>
        <translation>%1 · %2, %3</translation>
    </message>
</context>
<context>
    <name>lw::ui::ModelCompare</name>
    <message>
        <source>No answer: %1</source>
        <translation>Không có câu trả lời: %1</translation>
    </message>
    <message>
        <source>Loading the model…</source>
        <translation>Đang nạp mô hình…</translation>
    </message>
    <message>
        <source>The model could not be loaded: %1</source>
        <translation>Không nạp được mô hình: %1</translation>
    </message>
    <message>
        <source>Prompt</source>
        <translation>Lời nhắc</translation>
    </message>
    <message>
        <source>The same prompt goes to both models</source>
        <translation>Cả hai mô hình nhận cùng một lời nhắc</translation>
    </message>
    <message>
        <source>As a chat message:</source>
        <translation>Gửi như tin nhắn trò chuyện:</translation>
    </message>
    <message>
        <source>Decoding (both models)</source>
        <translation>Giải mã (cho cả hai mô hình)</translation>
    </message>
    <message>
        <source>Compare</source>
        <translation>So sánh</translation>
    </message>
    <message>
        <source>Answer the prompt with both models (Ctrl+Enter)</source>
        <translation>Trả lời lời nhắc bằng cả hai mô hình (Ctrl+Enter)</translation>
    </message>
    <message>
        <source>Stop</source>
        <translation>Dừng</translation>
    </message>
    <message>
        <source>Model A</source>
        <translation>Mô hình A</translation>
    </message>
    <message>
        <source>Model B</source>
        <translation>Mô hình B</translation>
    </message>
</context>
<context>
    <name>lw::ui::ModelPresets</name>
    <message>
        <source>GPT-2 style, 2 layers x 64 wide: for tests and quick checks</source>
        <translation>Kiểu GPT-2, 2 lớp x rộng 64: để kiểm thử và thử nhanh</translation>
    </message>
    <message>
        <source>GPT-2 style, 4 layers x 128 wide: the demo model, trains in about half a minute on two cores</source>
        <translation>Kiểu GPT-2, 4 lớp x rộng 128: mô hình mẫu, huấn luyện trong khoảng nửa phút trên hai lõi</translation>
    </message>
    <message>
        <source>GPT-2 style, 6 layers x 384 wide, context 256 (about 10M parameters + embeddings)</source>
        <translation>Kiểu GPT-2, 6 lớp x rộng 384, ngữ cảnh 256 (khoảng 10 triệu tham số + embedding)</translation>
    </message>
    <message>
        <source>GPT-2 small: 12 layers x 768, context 1024, 124M parameters</source>
        <translation>GPT-2 small: 12 lớp x 768, ngữ cảnh 1024, 124 triệu tham số</translation>
    </message>
    <message>
        <source>GPT-2 medium: 24 layers x 1024, context 1024, 355M parameters</source>
        <translation>GPT-2 medium: 24 lớp x 1024, ngữ cảnh 1024, 355 triệu tham số</translation>
    </message>
    <message>
        <source>Llama style, 2 layers x 64, grouped-query attention: for tests</source>
        <translation>Kiểu Llama, 2 lớp x 64, grouped-query attention: để kiểm thử</translation>
    </message>
    <message>
        <source>Llama style, 8 layers x 512, 8 heads sharing 4 key/value heads, context 512</source>
        <translation>Kiểu Llama, 8 lớp x 512, 8 head dùng chung 4 head key/value, ngữ cảnh 512</translation>
    </message>
</context>
<context>
    <name>lw::ui::ModelSession</name>
    <message>
        <source>The demo model is not available here.</source>
        <translation>Ở đây không có mô hình demo.</translation>
    </message>
    <message>
        <source>stopped before the model was ready</source>
        <translation>đã dừng trước khi mô hình sẵn sàng</translation>
    </message>
</context>
<context>
    <name>lw::ui::ModelShapeEditor</name>
    <message>
        <source>about %1 (batch %2 × %3 tokens)</source>
        <translation>khoảng %1 (batch %2 × %3 token)</translation>
    </message>
    <message>
        <source>Custom</source>
        <translation>Tùy chỉnh</translation>
    </message>
    <message>
        <source>Preset</source>
        <translation>Cấu hình mẫu</translation>
    </message>
    <message>
        <source>A built-in model shape; editing a field below makes it a custom shape</source>
        <translation>Một kiến trúc mô hình có sẵn; sửa một trường bên dưới sẽ biến nó thành cấu hình tùy chỉnh</translation>
    </message>
    <message>
        <source>Parameters</source>
        <translation>Số tham số</translation>
    </message>
    <message>
        <source>Training memory</source>
        <translation>Bộ nhớ huấn luyện</translation>
    </message>
    <message>
        <source>Weights, gradients and AdamW state in fp32, plus activations for one batch</source>
        <translation>Trọng số, gradient và trạng thái AdamW ở fp32, cộng activation của một batch</translation>
    </message>
    <message>
        <source>Needs about %1: more than the %2 of memory of %3. Training would fail or make the computer swap.</source>
        <translation>Cần khoảng %1: nhiều hơn %2 bộ nhớ của %3. Huấn luyện sẽ thất bại hoặc làm máy phải dùng bộ nhớ hoán đổi (swap).</translation>
    </message>
</context>
<context>
    <name>lw::ui::PreferencesDialog</name>
    <message>
        <source>Data folder</source>
        <translation>Thư mục dữ liệu</translation>
    </message>
    <message>
        <source>Preferences</source>
        <translation>Tùy chỉnh</translation>
    </message>
    <message>
        <source>CPU threads</source>
        <translation>Số luồng CPU</translation>
    </message>
    <message>
        <source>All cores (%1)</source>
        <translation>Mọi nhân (%1)</translation>
    </message>
    <message>
        <source>Threads each training job uses for tensor operations</source>
        <translation>Số luồng mỗi tác vụ huấn luyện dùng cho các phép toán tensor</translation>
    </message>
    <message>
        <source>Device</source>
        <translation>Thiết bị</translation>
    </message>
    <message>
        <source>Where new runs compute: cpu, or cuda on a machine with an NVIDIA GPU</source>
        <translation>Nơi các lần chạy mới tính toán: cpu, hoặc cuda trên máy có GPU NVIDIA</translation>
    </message>
    <message>
        <source>Where new projects and the demo project are created</source>
        <translation>Nơi tạo các dự án mới và dự án mẫu</translation>
    </message>
    <message>
        <source>Theme</source>
        <translation>Giao diện</translation>
    </message>
    <message>
        <source>Same as the system</source>
        <translation>Theo hệ thống</translation>
    </message>
    <message>
        <source>Light</source>
        <translation>Sáng</translation>
    </message>
    <message>
        <source>Dark</source>
        <translation>Tối</translation>
    </message>
    <message>
        <source>Language</source>
        <translation>Ngôn ngữ</translation>
    </message>
</context>
<context>
    <name>lw::ui::RunDetailsPane</name>
    <message>
        <source>Add tag</source>
        <translation>Thêm thẻ</translation>
    </message>
    <message>
        <source>Remove tag</source>
        <translation>Bỏ thẻ</translation>
    </message>
    <message>
        <source>Save notes</source>
        <translation>Lưu ghi chú</translation>
    </message>
    <message>
        <source>Notes</source>
        <translation>Ghi chú</translation>
    </message>
    <message>
        <source>New tag</source>
        <translation>Thẻ mới</translation>
    </message>
    <message>
        <source>What was this run for? What did it show?</source>
        <translation>Lần chạy này để làm gì? Nó cho thấy điều gì?</translation>
    </message>
    <message>
        <source>Tags of the selected runs</source>
        <translation>Thẻ của các lần chạy đang chọn</translation>
    </message>
    <message>
        <source>Kind: %1</source>
        <translation>Loại: %1</translation>
    </message>
    <message>
        <source>Folder: %1</source>
        <translation>Thư mục: %1</translation>
    </message>
    <message>
        <source>Host: %1</source>
        <translation>Máy: %1</translation>
    </message>
    <message>
        <source>Started: %1</source>
        <translation>Bắt đầu: %1</translation>
    </message>
    <message>
        <source>Ended: %1</source>
        <translation>Kết thúc: %1</translation>
    </message>
    <message>
        <source>Error: %1</source>
        <translation>Lỗi: %1</translation>
    </message>
    <message numerus="yes">
        <source>%n run(s) selected</source>
        <translation>
            <numerusform>Đã chọn %n lần chạy</numerusform>
        </translation>
    </message>
    <message>
        <source>Select a run to see its details, tags and notes.</source>
        <translation>Chọn một lần chạy để xem chi tiết, thẻ và ghi chú.</translation>
    </message>
    <message>
        <source>%1 (%2 of %3 runs)</source>
        <translation>%1 (%2 trên %3 lần chạy)</translation>
    </message>
    <message>
        <source>Notes of %1</source>
        <translation>Ghi chú của %1</translation>
    </message>
    <message>
        <source>Checkpoints</source>
        <translation>Checkpoint</translation>
    </message>
    <message>
        <source>Step</source>
        <translation>Bước</translation>
    </message>
    <message>
        <source>Size</source>
        <translation>Kích thước</translation>
    </message>
    <message>
        <source>Kind</source>
        <translation>Loại</translation>
    </message>
    <message>
        <source>File</source>
        <translation>Tệp</translation>
    </message>
    <message>
        <source>best</source>
        <translation>tốt nhất</translation>
    </message>
    <message>
        <source>final</source>
        <translation>cuối cùng</translation>
    </message>
    <message>
        <source>periodic</source>
        <translation>định kỳ</translation>
    </message>
    <message>
        <source>last</source>
        <translation>mới nhất</translation>
    </message>
    <message>
        <source>missing</source>
        <translation>không còn tệp</translation>
    </message>
    <message>
        <source>—</source>
        <translation>—</translation>
    </message>
    <message>
        <source>No checkpoints</source>
        <translation>Chưa có checkpoint</translation>
    </message>
    <message>
        <source>Cancelled at step %1</source>
        <translation>Đã hủy ở bước %1</translation>
    </message>
    <message>
        <source>%1 (deleted)</source>
        <translation>%1 (đã xóa)</translation>
    </message>
    <message>
        <source>records</source>
        <translation>bản ghi</translation>
    </message>
    <message>
        <source>pretraining tokens</source>
        <translation>token tiền huấn luyện</translation>
    </message>
    <message>
        <source>SFT tokens</source>
        <translation>token SFT</translation>
    </message>
    <message>
        <source>preference tokens</source>
        <translation>token ưu tiên</translation>
    </message>
    <message>
        <source>%1 (%2)</source>
        <translation>%1 (%2)</translation>
    </message>
    <message>
        <source>%1 (%2, sha256 %3)</source>
        <translation>%1 (%2, sha256 %3)</translation>
    </message>
    <message>
        <source>Dataset: not recorded</source>
        <translation>Tập dữ liệu: không được ghi lại</translation>
    </message>
    <message>
        <source>Dataset: %1</source>
        <translation>Tập dữ liệu: %1</translation>
    </message>
    <message>
        <source>made from %1</source>
        <translation>được tạo từ %1</translation>
    </message>
    <message>
        <source>pretraining</source>
        <translation>tiền huấn luyện</translation>
    </message>
    <message>
        <source>fine-tune: %1, %2, on %3 from %4</source>
        <translation>tinh chỉnh: %1, %2, trên %3 từ %4</translation>
    </message>
</context>
<context>
    <name>lw::ui::RunProgressView</name>
    <message>
        <source>Step %1</source>
        <translation>Bước %1</translation>
    </message>
    <message>
        <source>step %1 of %2</source>
        <translation>bước %1 / %2</translation>
    </message>
    <message>
        <source>ETA %1</source>
        <translation>còn khoảng %1</translation>
    </message>
    <message>
        <source>%1 tokens/s</source>
        <translation>%1 token/giây</translation>
    </message>
    <message>
        <source>%1 processes, %2 tokens/s each</source>
        <translation>%1 tiến trình, mỗi tiến trình %2 token/giây</translation>
    </message>
    <message>
        <source>Samples</source>
        <translation>Mẫu sinh</translation>
    </message>
    <message>
        <source>Run #%1 · %2</source>
        <translation>Lần chạy #%1 · %2</translation>
    </message>
    <message>
        <source>(empty prompt: starts a new document)</source>
        <translation>(prompt trống: bắt đầu một văn bản mới)</translation>
    </message>
    <message>
        <source>Text the model writes during training appears here, after its prompt.</source>
        <translation>Văn bản mô hình viết ra trong lúc huấn luyện sẽ hiện ở đây, sau prompt của nó.</translation>
    </message>
    <message>
        <source>Open folder</source>
        <translation>Mở thư mục</translation>
    </message>
</context>
<context>
    <name>lw::ui::RunsChartPane</name>
    <message>
        <source>Log scale</source>
        <translation>Thang log</translation>
    </message>
    <message>
        <source>Evaluation score</source>
        <translation>Điểm đánh giá</translation>
    </message>
    <message>
        <source>Export…</source>
        <translation>Xuất…</translation>
    </message>
    <message>
        <source>Loss</source>
        <translation>Loss</translation>
    </message>
    <message>
        <source>Exponential moving average of the curves; the raw points stay faint behind</source>
        <translation>Trung bình trượt hàm mũ của các đường; các điểm gốc vẫn hiện mờ phía sau</translation>
    </message>
    <message>
        <source>Smoothing</source>
        <translation>Làm mượt</translation>
    </message>
    <message>
        <source>%1 train</source>
        <translation>%1 huấn luyện</translation>
    </message>
    <message>
        <source>%1 val</source>
        <translation>%1 kiểm định</translation>
    </message>
    <message>
        <source>Select runs in the table to compare their curves.</source>
        <translation>Chọn các lần chạy trong bảng để so sánh đường cong của chúng.</translation>
    </message>
    <message numerus="yes">
        <source>%n run(s) shown</source>
        <translation>
            <numerusform>Đang hiện %n lần chạy</numerusform>
        </translation>
    </message>
    <message>
        <source>Save the chart as a PNG or SVG image</source>
        <translation>Lưu biểu đồ thành ảnh PNG hoặc SVG</translation>
    </message>
</context>
<context>
    <name>lw::ui::RunsFilterBar</name>
    <message>
        <source>Created from</source>
        <translation>Tạo từ ngày</translation>
    </message>
    <message>
        <source>Filter by name or #id (Ctrl+F)</source>
        <translation>Lọc theo tên hoặc #id (Ctrl+F)</translation>
    </message>
    <message>
        <source>Any status</source>
        <translation>Mọi trạng thái</translation>
    </message>
    <message>
        <source>Any tag</source>
        <translation>Mọi thẻ</translation>
    </message>
    <message>
        <source>to</source>
        <translation>đến</translation>
    </message>
</context>
<context>
    <name>lw::ui::RunsPanel</name>
    <message>
        <source>Renamed run #%1 to “%2”</source>
        <translation>Đã đổi tên lần chạy #%1 thành “%2”</translation>
    </message>
    <message numerus="yes">
        <source>Tagged %n run(s) “%1”</source>
        <translation>
            <numerusform>Đã gắn thẻ “%1” cho %n lần chạy</numerusform>
        </translation>
    </message>
    <message>
        <source>Removed the tag “%1”</source>
        <translation>Đã bỏ thẻ “%1”</translation>
    </message>
    <message>
        <source>Saved the notes of run #%1</source>
        <translation>Đã lưu ghi chú của lần chạy #%1</translation>
    </message>
    <message>
        <source>Resume</source>
        <translation>Tiếp tục</translation>
    </message>
    <message>
        <source>Continue an interrupted or cancelled run from its newest checkpoint</source>
        <translation>Chạy tiếp một lần chạy bị gián đoạn hoặc đã hủy từ checkpoint mới nhất</translation>
    </message>
    <message>
        <source>Rename</source>
        <translation>Đổi tên</translation>
    </message>
    <message>
        <source>Delete</source>
        <translation>Xóa</translation>
    </message>
    <message>
        <source>Delete the selected runs with their checkpoints and folders (Delete)</source>
        <translation>Xóa các lần chạy đang chọn cùng checkpoint và thư mục của chúng (Delete)</translation>
    </message>
    <message>
        <source>Filter</source>
        <translation>Lọc</translation>
    </message>
    <message>
        <source>Refresh</source>
        <translation>Làm mới</translation>
    </message>
    <message>
        <source>Sample generations of the current run appear here.</source>
        <translation>Các mẫu sinh của lần chạy hiện tại sẽ hiện ở đây.</translation>
    </message>
    <message>
        <source>Curves</source>
        <translation>Đường cong</translation>
    </message>
    <message>
        <source>Config diff</source>
        <translation>So sánh cấu hình</translation>
    </message>
    <message>
        <source>Samples</source>
        <translation>Mẫu sinh</translation>
    </message>
    <message>
        <source>Details and notes</source>
        <translation>Chi tiết và ghi chú</translation>
    </message>
    <message>
        <source>Could not read the runs of %1: %2</source>
        <translation>Không đọc được các lần chạy của %1: %2</translation>
    </message>
    <message>
        <source>Could not read the curves: %1</source>
        <translation>Không đọc được đường cong: %1</translation>
    </message>
    <message>
        <source>Could not read the samples: %1</source>
        <translation>Không đọc được mẫu sinh: %1</translation>
    </message>
    <message numerus="yes">
        <source>%n run(s)</source>
        <translation>
            <numerusform>%n lần chạy</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%1 of %n run(s) shown</source>
        <translation>
            <numerusform>Đang hiện %1 trên %n lần chạy</numerusform>
        </translation>
    </message>
    <message>
        <source>Could not save the change: %1</source>
        <translation>Không lưu được thay đổi: %1</translation>
    </message>
    <message>
        <source>Resuming run #%1 from its newest checkpoint…</source>
        <translation>Đang chạy tiếp lần chạy #%1 từ checkpoint mới nhất…</translation>
    </message>
    <message numerus="yes">
        <source>Deleted %n run(s), freed %1</source>
        <translation>
            <numerusform>Đã xóa %n lần chạy, giải phóng %1</numerusform>
        </translation>
    </message>
    <message>
        <source>Some of it was not deleted:
%1</source>
        <translation>Một phần chưa xóa được:
%1</translation>
    </message>
    <message>
        <source>Could not delete the runs: %1</source>
        <translation>Không xóa được các lần chạy: %1</translation>
    </message>
    <message>
        <source>Could not prepare the deletion: %1</source>
        <translation>Không chuẩn bị được việc xóa: %1</translation>
    </message>
    <message>
        <source>Select the runs to export first.</source>
        <translation>Hãy chọn các lần chạy cần xuất trước.</translation>
    </message>
    <message>
        <source>Saved the chart to %1</source>
        <translation>Đã lưu biểu đồ vào %1</translation>
    </message>
    <message>
        <source>Could not write %1</source>
        <translation>Không ghi được %1</translation>
    </message>
    <message numerus="yes">
        <source>Exported %n metric row(s) to %1</source>
        <translation>
            <numerusform>Đã xuất %n dòng số liệu vào %1</numerusform>
        </translation>
    </message>
    <message>
        <source>Could not export the metrics: %1</source>
        <translation>Không xuất được số liệu: %1</translation>
    </message>
    <message>
        <source>Export CSV…</source>
        <translation>Xuất CSV…</translation>
    </message>
    <message>
        <source>Save every metric of the selected runs as CSV (Ctrl+E)</source>
        <translation>Lưu mọi số liệu của các lần chạy đang chọn thành CSV (Ctrl+E)</translation>
    </message>
    <message>
        <source>Could not read the checkpoints: %1</source>
        <translation>Không đọc được các checkpoint: %1</translation>
    </message>
    <message>
        <source>Export the metrics</source>
        <translation>Xuất số liệu</translation>
    </message>
    <message>
        <source>Metrics as CSV (*.csv)</source>
        <translation>Số liệu dạng CSV (*.csv)</translation>
    </message>
    <message>
        <source>Export the chart</source>
        <translation>Xuất biểu đồ</translation>
    </message>
    <message>
        <source>PNG image (*.png)</source>
        <translation>Ảnh PNG (*.png)</translation>
    </message>
    <message>
        <source>SVG image (*.svg)</source>
        <translation>Ảnh SVG (*.svg)</translation>
    </message>
    <message>
        <source>Could not read the run&apos;s dataset: %1</source>
        <translation>Không đọc được tập dữ liệu của lần chạy: %1</translation>
    </message>
</context>
<context>
    <name>lw::ui::RunsTableModel</name>
    <message>
        <source>%1 / %2</source>
        <translation>%1 / %2</translation>
    </message>
    <message>
        <source>—</source>
        <translation>—</translation>
    </message>
    <message>
        <source>%1 (step %2)</source>
        <translation>%1 (bước %2)</translation>
    </message>
    <message>
        <source>Run #%1 (%2)
Folder: %3</source>
        <translation>Lần chạy #%1 (%2)
Thư mục: %3</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>Tên</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>Trạng thái</translation>
    </message>
    <message>
        <source>Created</source>
        <translation>Ngày tạo</translation>
    </message>
    <message>
        <source>Steps</source>
        <translation>Số bước</translation>
    </message>
    <message>
        <source>Tags</source>
        <translation>Thẻ</translation>
    </message>
    <message>
        <source>Duration</source>
        <translation>Thời lượng</translation>
    </message>
    <message>
        <source>ID</source>
        <translation>ID</translation>
    </message>
    <message>
        <source>Parameters</source>
        <translation>Số tham số</translation>
    </message>
    <message>
        <source>Best validation loss</source>
        <translation>Loss kiểm định tốt nhất</translation>
    </message>
</context>
<context>
    <name>lw::ui::SamplerFieldHelp</name>
    <message>
        <source>new tokens to generate at most</source>
        <translation>số token mới sinh ra tối đa</translation>
    </message>
    <message>
        <source>sampling temperature; 0 picks the most likely token (greedy)</source>
        <translation>nhiệt độ lấy mẫu; 0 thì luôn chọn token có khả năng cao nhất (greedy)</translation>
    </message>
    <message>
        <source>sample among the k most likely tokens (0: off)</source>
        <translation>chỉ lấy mẫu trong k token có khả năng cao nhất (0: tắt)</translation>
    </message>
    <message>
        <source>sample among the most likely tokens whose probabilities add up to p (1: off)</source>
        <translation>chỉ lấy mẫu trong nhóm token có khả năng cao nhất mà tổng xác suất đạt p (1: tắt)</translation>
    </message>
    <message>
        <source>drop tokens less likely than min_p times the most likely one (0: off)</source>
        <translation>bỏ các token có xác suất nhỏ hơn min_p lần xác suất của token có khả năng cao nhất (0: tắt)</translation>
    </message>
    <message>
        <source>make tokens already seen less likely: &gt; 1 penalises (1: off)</source>
        <translation>giảm khả năng chọn lại các token đã xuất hiện: &gt; 1 là phạt (1: tắt)</translation>
    </message>
    <message>
        <source>subtract this from the logit of every token already seen</source>
        <translation>trừ giá trị này khỏi logit của mọi token đã xuất hiện</translation>
    </message>
    <message>
        <source>subtract this times the count of each token already seen</source>
        <translation>trừ giá trị này nhân với số lần xuất hiện của mỗi token đã gặp</translation>
    </message>
    <message>
        <source>random seed of the sampling (same seed and settings: same text)</source>
        <translation>seed ngẫu nhiên của việc lấy mẫu (cùng seed và thiết lập: cùng văn bản)</translation>
    </message>
</context>
<context>
    <name>lw::ui::SamplerFieldLabel</name>
    <message>
        <source>Max tokens</source>
        <translation>Số token tối đa</translation>
    </message>
    <message>
        <source>Temperature</source>
        <translation>Nhiệt độ</translation>
    </message>
    <message>
        <source>Top-k</source>
        <translation>Top-k</translation>
    </message>
    <message>
        <source>Top-p</source>
        <translation>Top-p</translation>
    </message>
    <message>
        <source>Min-p</source>
        <translation>Min-p</translation>
    </message>
    <message>
        <source>Repetition penalty</source>
        <translation>Phạt lặp lại</translation>
    </message>
    <message>
        <source>Presence penalty</source>
        <translation>Phạt xuất hiện</translation>
    </message>
    <message>
        <source>Frequency penalty</source>
        <translation>Phạt tần suất</translation>
    </message>
    <message>
        <source>Seed</source>
        <translation>Seed</translation>
    </message>
</context>
<context>
    <name>lw::ui::ShortcutsDialog</name>
    <message>
        <source>Keyboard Shortcuts</source>
        <translation>Phím tắt</translation>
    </message>
    <message>
        <source>The keys of the window work everywhere in it; those of a panel work while the focus is in that panel.</source>
        <translation>Phím của cửa sổ dùng được ở mọi nơi trong cửa sổ; phím của một bảng chỉ dùng được khi bảng đó đang được chọn.</translation>
    </message>
    <message>
        <source>Action</source>
        <translation>Thao tác</translation>
    </message>
    <message>
        <source>Keys</source>
        <translation>Phím</translation>
    </message>
</context>
<context>
    <name>lw::ui::StoreRunFeed</name>
    <message>
        <source>Run #%1 · %2</source>
        <translation>Lần chạy #%1 · %2</translation>
    </message>
</context>
<context>
    <name>lw::ui::TokenView</name>
    <message>
        <source>%1 %</source>
        <translation>%1 %</translation>
    </message>
    <message>
        <source>Most likely at this step:</source>
        <translation>Các lựa chọn có khả năng nhất ở bước này:</translation>
    </message>
</context>
<context>
    <name>lw::ui::TokenizerSection</name>
    <message>
        <source>%1 (%2, %3 tokens)</source>
        <translation>%1 (%2, %3 token)</translation>
    </message>
    <message>
        <source>Learn a vocabulary from the text files of the Dataset section</source>
        <translation>Học bộ từ vựng từ các tệp văn bản ở mục Tập dữ liệu</translation>
    </message>
    <message>
        <source>Add text files in the Dataset section first</source>
        <translation>Hãy thêm tệp văn bản ở mục Tập dữ liệu trước</translation>
    </message>
    <message>
        <source>Tokenizer</source>
        <translation>Tokenizer</translation>
    </message>
    <message>
        <source>The tokenizer new datasets are prepared with</source>
        <translation>Tokenizer dùng để chuẩn bị các tập dữ liệu mới</translation>
    </message>
    <message>
        <source>New tokenizer</source>
        <translation>Tokenizer mới</translation>
    </message>
    <message>
        <source>Byte-level BPE (GPT-2 style)</source>
        <translation>BPE mức byte (kiểu GPT-2)</translation>
    </message>
    <message>
        <source>SentencePiece BPE</source>
        <translation>SentencePiece BPE</translation>
    </message>
    <message>
        <source>SentencePiece unigram</source>
        <translation>SentencePiece unigram</translation>
    </message>
    <message>
        <source>How the vocabulary is learned from the text</source>
        <translation>Cách học bộ từ vựng từ văn bản</translation>
    </message>
    <message>
        <source>Vocabulary</source>
        <translation>Từ vựng</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>Tên</translation>
    </message>
    <message>
        <source>kind-vocabulary, when empty</source>
        <translation>để trống: loại-từ vựng</translation>
    </message>
    <message>
        <source>Train tokenizer</source>
        <translation>Huấn luyện tokenizer</translation>
    </message>
    <message>
        <source>Auto</source>
        <translation>Tự động</translation>
    </message>
    <message>
        <source>Number of tokens, the 256 bytes and special tokens included. Auto: as many as the text supports (byte-level BPE stops at pairs seen only once), at most %1</source>
        <translation>Số token, tính cả 256 byte và các token đặc biệt. Tự động: nhiều nhất mà văn bản cho phép (BPE mức byte dừng ở các cặp chỉ gặp một lần), tối đa %1</translation>
    </message>
</context>
<context>
    <name>lw::ui::TrainCharts</name>
    <message>
        <source>Training loss</source>
        <translation>Loss huấn luyện</translation>
    </message>
    <message>
        <source>Validation loss</source>
        <translation>Loss kiểm định</translation>
    </message>
    <message>
        <source>Learning rate</source>
        <translation>Tốc độ học</translation>
    </message>
    <message>
        <source>Loss</source>
        <translation>Loss</translation>
    </message>
    <message>
        <source>Gradient norm</source>
        <translation>Chuẩn gradient</translation>
    </message>
    <message>
        <source>Tokens/s</source>
        <translation>Token/giây</translation>
    </message>
    <message>
        <source>Log scale</source>
        <translation>Thang log</translation>
    </message>
    <message>
        <source>Show the loss on a logarithmic axis</source>
        <translation>Hiển thị loss trên trục logarit</translation>
    </message>
    <message>
        <source>Smoothing</source>
        <translation>Làm mượt</translation>
    </message>
    <message>
        <source>Step</source>
        <translation>Bước</translation>
    </message>
    <message>
        <source>Exponential moving average of the per-step curves (the raw points stay faint behind); validation loss and learning rate are drawn as measured</source>
        <translation>Trung bình trượt hàm mũ của các đường theo từng bước (các điểm gốc vẫn hiện mờ phía sau); loss kiểm định và tốc độ học được vẽ đúng như đo được</translation>
    </message>
</context>
<context>
    <name>lw::ui::TrainJobs</name>
    <message>
        <source>Could not write the training configuration to %1: %2</source>
        <translation>Không ghi được cấu hình huấn luyện vào %1: %2</translation>
    </message>
    <message>
        <source>Training on %1</source>
        <translation>Huấn luyện trên %1</translation>
    </message>
    <message>
        <source>Training %1</source>
        <translation>Huấn luyện %1</translation>
    </message>
    <message>
        <source>Resuming run %1</source>
        <translation>Chạy tiếp lần chạy %1</translation>
    </message>
    <message>
        <source>Resuming %1</source>
        <translation>Chạy tiếp %1</translation>
    </message>
    <message>
        <source>Training tokenizer %1</source>
        <translation>Huấn luyện tokenizer %1</translation>
    </message>
    <message>
        <source>Preparing dataset %1</source>
        <translation>Chuẩn bị tập dữ liệu %1</translation>
    </message>
    <message>
        <source>Checking a training run on %1</source>
        <translation>Đang kiểm tra lần huấn luyện trên %1</translation>
    </message>
</context>
<context>
    <name>lw::ui::TrainPanel</name>
    <message>
        <source>Starting…</source>
        <translation>Đang khởi động…</translation>
    </message>
    <message>
        <source>Training</source>
        <translation>Đang huấn luyện</translation>
    </message>
    <message>
        <source>Paused</source>
        <translation>Đang tạm dừng</translation>
    </message>
    <message>
        <source>Completed</source>
        <translation>Hoàn tất</translation>
    </message>
    <message>
        <source>Stopped early</source>
        <translation>Dừng sớm</translation>
    </message>
    <message>
        <source>Cancelled</source>
        <translation>Đã hủy</translation>
    </message>
    <message>
        <source>Diverged</source>
        <translation>Phân kỳ</translation>
    </message>
    <message>
        <source>Failed</source>
        <translation>Thất bại</translation>
    </message>
    <message>
        <source>Interrupted</source>
        <translation>Bị gián đoạn</translation>
    </message>
    <message>
        <source>Reattached to run #%1 (%2), still training</source>
        <translation>Đã kết nối lại với lần chạy #%1 (%2), vẫn đang huấn luyện</translation>
    </message>
    <message>
        <source>A run is already being followed here; cancel it or wait for it to end first.</source>
        <translation>Đang theo dõi một lần chạy khác; hãy hủy hoặc chờ nó kết thúc trước.</translation>
    </message>
    <message>
        <source>The worker stopped unexpectedly. Run #%1 is interrupted; Resume continues it from its last checkpoint.</source>
        <translation>Tiến trình worker dừng đột ngột. Lần chạy #%1 bị gián đoạn; bấm Tiếp tục để chạy tiếp từ checkpoint gần nhất.</translation>
    </message>
    <message>
        <source>The worker stopped unexpectedly before the run began.</source>
        <translation>Tiến trình worker dừng đột ngột trước khi lần chạy bắt đầu.</translation>
    </message>
    <message>
        <source>Run #%1: %2</source>
        <translation>Lần chạy #%1: %2</translation>
    </message>
    <message>
        <source>Training tokenizer %1…</source>
        <translation>Đang huấn luyện tokenizer %1…</translation>
    </message>
    <message>
        <source>Preparing dataset %1…</source>
        <translation>Đang chuẩn bị tập dữ liệu %1…</translation>
    </message>
    <message>
        <source>Tokenizer %1 is ready.</source>
        <translation>Tokenizer %1 đã sẵn sàng.</translation>
    </message>
    <message>
        <source>Dataset %1 is ready.</source>
        <translation>Tập dữ liệu %1 đã sẵn sàng.</translation>
    </message>
    <message>
        <source>Open a project first.</source>
        <translation>Hãy mở một dự án trước.</translation>
    </message>
    <message>
        <source>Train</source>
        <translation>Huấn luyện</translation>
    </message>
    <message>
        <source>Pause</source>
        <translation>Tạm dừng</translation>
    </message>
    <message>
        <source>Pause between two steps (Ctrl+Shift+P)</source>
        <translation>Tạm dừng giữa hai bước (Ctrl+Shift+P)</translation>
    </message>
    <message>
        <source>Resume</source>
        <translation>Tiếp tục</translation>
    </message>
    <message>
        <source>Go on with a paused run, or continue a stopped run from its last checkpoint (Ctrl+Shift+P)</source>
        <translation>Chạy tiếp lần chạy đang tạm dừng, hoặc chạy tiếp lần chạy đã dừng từ checkpoint gần nhất (Ctrl+Shift+P)</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Hủy</translation>
    </message>
    <message>
        <source>Stop after the current step and save a checkpoint (Ctrl+Shift+C)</source>
        <translation>Dừng sau bước hiện tại và lưu checkpoint (Ctrl+Shift+C)</translation>
    </message>
    <message>
        <source>Not enough memory</source>
        <translation>Không đủ bộ nhớ</translation>
    </message>
    <message>
        <source>Make the model smaller (fewer layers, a smaller width) or the batch smaller.</source>
        <translation>Hãy làm mô hình nhỏ lại (ít lớp hơn, độ rộng nhỏ hơn) hoặc giảm kích thước batch.</translation>
    </message>
    <message>
        <source>Train anyway</source>
        <translation>Vẫn huấn luyện</translation>
    </message>
    <message>
        <source>This run trains in a process this window did not start (an earlier session of the app, or the command line). It can be followed and cancelled here, but not paused: a worker takes pause and resume on its standard input, which only the program that started it holds.</source>
        <translation>Lần chạy này huấn luyện trong một tiến trình không do cửa sổ này khởi động (một phiên trước của ứng dụng, hoặc dòng lệnh). Ở đây có thể theo dõi và hủy nó, nhưng không tạm dừng được: tiến trình huấn luyện nhận lệnh tạm dừng và tiếp tục qua đầu vào chuẩn, mà chỉ chương trình đã khởi động nó mới nắm giữ.</translation>
    </message>
    <message>
        <source>Start a new run with this setup (Ctrl+Return, wherever the focus is in the panel)</source>
        <translation>Bắt đầu một lần chạy mới với thiết lập này (Ctrl+Return, dù con trỏ đang ở đâu trong bảng)</translation>
    </message>
    <message>
        <source>Copy as llmwb command</source>
        <translation>Chép thành lệnh llmwb</translation>
    </message>
    <message>
        <source>Copy the `llmwb train` command line that trains this setup, to run it in a terminal or on another machine (Ctrl+Alt+C)</source>
        <translation>Chép dòng lệnh `llmwb train` huấn luyện đúng thiết lập này, để chạy trong terminal hoặc trên máy khác (Ctrl+Alt+C)</translation>
    </message>
    <message>
        <source>the GPU (%1)</source>
        <translation>GPU (%1)</translation>
    </message>
    <message>
        <source>this computer</source>
        <translation>máy tính này</translation>
    </message>
    <message>
        <source>Copied: %1</source>
        <translation>Đã chép: %1</translation>
    </message>
    <message>
        <source>Start is blocked: %1</source>
        <translation>Không thể bắt đầu: %1</translation>
    </message>
</context>
<context>
    <name>lw::ui::TrainSetupView</name>
    <message>
        <source>Not a text file: %1</source>
        <translation>Không phải tệp văn bản: %1</translation>
    </message>
    <message>
        <source>Pick a prepared dataset, or prepare one from text files.</source>
        <translation>Hãy chọn một tập dữ liệu đã chuẩn bị, hoặc chuẩn bị từ các tệp văn bản.</translation>
    </message>
    <message>
        <source>Model</source>
        <translation>Mô hình</translation>
    </message>
    <message>
        <source>Training</source>
        <translation>Huấn luyện</translation>
    </message>
</context>
<context>
    <name>lw::ui::UserGuideDialog</name>
    <message>
        <source>User Guide</source>
        <translation>Hướng dẫn sử dụng</translation>
    </message>
    <message>
        <source>The user guide is missing from this build.</source>
        <translation>Bản dựng này thiếu hướng dẫn sử dụng.</translation>
    </message>
</context>
<context>
    <name>lw::ui::data::ColumnMappingDialog</name>
    <message>
        <source>Map columns</source>
        <translation>Ánh xạ cột</translation>
    </message>
    <message>
        <source>Reading the columns of %1…</source>
        <translation>Đang đọc các cột của %1…</translation>
    </message>
    <message>
        <source>Layout</source>
        <translation>Bố cục</translation>
    </message>
    <message>
        <source>Columns of %1: pick the column each field is read from.</source>
        <translation>Các cột của %1: chọn cột để đọc cho mỗi trường.</translation>
    </message>
    <message>
        <source>The columns could not be read: %1</source>
        <translation>Không đọc được các cột: %1</translation>
    </message>
    <message>
        <source>same name</source>
        <translation>cùng tên</translation>
    </message>
</context>
<context>
    <name>lw::ui::data::DataCommands</name>
    <message>
        <source>Importing a dataset</source>
        <translation>Đang nhập một tập dữ liệu</translation>
    </message>
    <message>
        <source>Importing dataset %1</source>
        <translation>Đang nhập tập dữ liệu %1</translation>
    </message>
    <message>
        <source>Filtering %1 into %2</source>
        <translation>Đang lọc %1 thành %2</translation>
    </message>
    <message>
        <source>Exporting %1</source>
        <translation>Đang xuất %1</translation>
    </message>
</context>
<context>
    <name>lw::ui::data::DataJob</name>
    <message>
        <source>The job ended without a result.</source>
        <translation>Tác vụ kết thúc mà không có kết quả.</translation>
    </message>
</context>
<context>
    <name>lw::ui::data::DataPanel</name>
    <message>
        <source>Dataset %1 imported</source>
        <translation>Đã nhập tập dữ liệu %1</translation>
    </message>
    <message>
        <source>Dataset %1 made by the recipe</source>
        <translation>Công thức đã tạo tập dữ liệu %1</translation>
    </message>
    <message>
        <source>Versions</source>
        <translation>Phiên bản</translation>
    </message>
    <message>
        <source>Import</source>
        <translation>Nhập</translation>
    </message>
    <message>
        <source>Recipe</source>
        <translation>Công thức</translation>
    </message>
    <message>
        <source>Template</source>
        <translation>Mẫu</translation>
    </message>
    <message>
        <source>Statistics</source>
        <translation>Thống kê</translation>
    </message>
</context>
<context>
    <name>lw::ui::data::DataQuery</name>
    <message>
        <source>Could not start %1: %2</source>
        <translation>Không khởi động được %1: %2</translation>
    </message>
    <message>
        <source>The worker crashed.</source>
        <translation>Tiến trình xử lý bị sập.</translation>
    </message>
    <message>
        <source>The worker exited with status %1.</source>
        <translation>Tiến trình xử lý thoát với mã %1.</translation>
    </message>
</context>
<context>
    <name>lw::ui::data::DatasetDetails</name>
    <message>
        <source>Records</source>
        <translation>Bản ghi</translation>
    </message>
    <message>
        <source>%1 %2 rows</source>
        <translation>%1 hàng %2</translation>
    </message>
    <message>
        <source>Layout</source>
        <translation>Bố cục</translation>
    </message>
    <message>
        <source>Rejected at import</source>
        <translation>Bị loại khi nhập</translation>
    </message>
    <message>
        <source>Made from</source>
        <translation>Tạo từ</translation>
    </message>
    <message>
        <source>an import</source>
        <translation>một lần nhập</translation>
    </message>
    <message>
        <source>Versions made from it</source>
        <translation>Các phiên bản tạo từ nó</translation>
    </message>
    <message>
        <source>Created</source>
        <translation>Tạo lúc</translation>
    </message>
    <message>
        <source>Folder</source>
        <translation>Thư mục</translation>
    </message>
    <message>
        <source>Tool</source>
        <translation>Công cụ</translation>
    </message>
    <message>
        <source>Records sha256</source>
        <translation>sha256 của bản ghi</translation>
    </message>
    <message>
        <source>Sources</source>
        <translation>Nguồn</translation>
    </message>
    <message>
        <source>File</source>
        <translation>Tệp</translation>
    </message>
    <message>
        <source>Format</source>
        <translation>Định dạng</translation>
    </message>
    <message>
        <source>Rows</source>
        <translation>Hàng</translation>
    </message>
    <message>
        <source>Rejected</source>
        <translation>Bị loại</translation>
    </message>
    <message>
        <source>sha256</source>
        <translation>sha256</translation>
    </message>
    <message>
        <source>Recipe</source>
        <translation>Công thức</translation>
    </message>
    <message>
        <source>Step</source>
        <translation>Bước</translation>
    </message>
    <message>
        <source>Rows in</source>
        <translation>Hàng vào</translation>
    </message>
    <message>
        <source>Rows out</source>
        <translation>Hàng ra</translation>
    </message>
    <message>
        <source>Changed</source>
        <translation>Đã sửa</translation>
    </message>
    <message>
        <source>Splits</source>
        <translation>Phân chia</translation>
    </message>
</context>
<context>
    <name>lw::ui::data::ExportDialog</name>
    <message>
        <source>%1 rows written as JSON Lines (layout %2).</source>
        <translation>Đã ghi %1 hàng dạng JSON Lines (bố cục %2).</translation>
    </message>
    <message>
        <source>%1 rows written as %2 token files, %3 tokens.</source>
        <translation>Đã ghi %1 hàng thành tệp token %2, %3 token.</translation>
    </message>
    <message>
        <source>Files: %1</source>
        <translation>Tệp: %1</translation>
    </message>
    <message>
        <source>The export was cancelled.</source>
        <translation>Việc xuất đã bị hủy.</translation>
    </message>
    <message>
        <source>Export dataset</source>
        <translation>Xuất tập dữ liệu</translation>
    </message>
    <message>
        <source>Select a dataset version first.</source>
        <translation>Hãy chọn một phiên bản tập dữ liệu trước.</translation>
    </message>
    <message>
        <source>Export %1</source>
        <translation>Xuất %1</translation>
    </message>
    <message>
        <source>JSON Lines</source>
        <translation>JSON Lines</translation>
    </message>
    <message>
        <source>Token files for training</source>
        <translation>Tệp token để huấn luyện</translation>
    </message>
    <message>
        <source>The dataset&apos;s own</source>
        <translation>Bố cục của tập dữ liệu</translation>
    </message>
    <message>
        <source>Assistant answers</source>
        <translation>Câu trả lời của trợ lý</translation>
    </message>
    <message>
        <source>All tokens</source>
        <translation>Mọi token</translation>
    </message>
    <message>
        <source>No limit</source>
        <translation>Không giới hạn</translation>
    </message>
    <message>
        <source>Context length in tokens: longer rows are cut</source>
        <translation>Độ dài ngữ cảnh tính bằng token: hàng dài hơn sẽ bị cắt</translation>
    </message>
    <message>
        <source>Chat template; leave it empty for a text dataset</source>
        <translation>Mẫu hội thoại; để trống với tập dữ liệu văn bản</translation>
    </message>
    <message>
        <source>Browse…</source>
        <translation>Chọn…</translation>
    </message>
    <message>
        <source>Export</source>
        <translation>Xuất</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>Đóng</translation>
    </message>
    <message>
        <source>Format</source>
        <translation>Định dạng</translation>
    </message>
    <message>
        <source>Output</source>
        <translation>Đầu ra</translation>
    </message>
    <message>
        <source>Layout</source>
        <translation>Bố cục</translation>
    </message>
    <message>
        <source>Template</source>
        <translation>Mẫu</translation>
    </message>
    <message>
        <source>Tokenizer</source>
        <translation>Bộ tách token</translation>
    </message>
    <message>
        <source>Loss on</source>
        <translation>Tính mất mát trên</translation>
    </message>
    <message>
        <source>Context</source>
        <translation>Ngữ cảnh</translation>
    </message>
    <message>
        <source>Folder for the token files</source>
        <translation>Thư mục cho các tệp token</translation>
    </message>
    <message>
        <source>Export as JSON Lines</source>
        <translation>Xuất dạng JSON Lines</translation>
    </message>
    <message>
        <source>JSON Lines (*.jsonl)</source>
        <translation>JSON Lines (*.jsonl)</translation>
    </message>
</context>
<context>
    <name>lw::ui::data::ImportFileList</name>
    <message>
        <source>Drop JSON, JSON Lines, CSV, TSV, Parquet or text files or folders here</source>
        <translation>Thả tệp JSON, JSON Lines, CSV, TSV, Parquet, tệp văn bản hoặc thư mục vào đây</translation>
    </message>
</context>
<context>
    <name>lw::ui::data::ImportPage</name>
    <message>
        <source>Not a format the importer reads: %1</source>
        <translation>Trình nhập không đọc được định dạng này: %1</translation>
    </message>
    <message>
        <source>Imported %1: %2 %3 rows in layout %4.</source>
        <translation>Đã nhập %1: %2 hàng %3 theo bố cục %4.</translation>
    </message>
    <message>
        <source>%1 rows were rejected (listed in %2).</source>
        <translation>%1 hàng bị loại (liệt kê trong %2).</translation>
    </message>
    <message>
        <source>The import was cancelled.</source>
        <translation>Đã hủy việc nhập.</translation>
    </message>
    <message>
        <source>Add files…</source>
        <translation>Thêm tệp…</translation>
    </message>
    <message>
        <source>Choose files to import (Insert)</source>
        <translation>Chọn tệp để nhập (Insert)</translation>
    </message>
    <message>
        <source>Add folder…</source>
        <translation>Thêm thư mục…</translation>
    </message>
    <message>
        <source>Remove</source>
        <translation>Gỡ</translation>
    </message>
    <message>
        <source>Format</source>
        <translation>Định dạng</translation>
    </message>
    <message>
        <source>Detect</source>
        <translation>Tự nhận diện</translation>
    </message>
    <message>
        <source>Detect the layout from the rows, or name a layout or file format</source>
        <translation>Nhận diện bố cục từ các hàng, hoặc chỉ định bố cục hay định dạng tệp</translation>
    </message>
    <message>
        <source>Text unit</source>
        <translation>Đơn vị văn bản</translation>
    </message>
    <message>
        <source>Paragraph</source>
        <translation>Đoạn văn</translation>
    </message>
    <message>
        <source>Line</source>
        <translation>Dòng</translation>
    </message>
    <message>
        <source>Whole file</source>
        <translation>Cả tệp</translation>
    </message>
    <message>
        <source>Plain text files: one record per paragraph, per line or per file</source>
        <translation>Tệp văn bản thuần: mỗi đoạn, mỗi dòng hoặc mỗi tệp là một bản ghi</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>Tên</translation>
    </message>
    <message>
        <source>From the first file&apos;s name</source>
        <translation>Lấy theo tên tệp đầu tiên</translation>
    </message>
    <message>
        <source>Skip bad rows and list them</source>
        <translation>Bỏ qua hàng lỗi và liệt kê chúng</translation>
    </message>
    <message>
        <source>Import the good rows; without this a bad row stops the import</source>
        <translation>Nhập các hàng tốt; nếu không chọn, một hàng lỗi sẽ dừng việc nhập</translation>
    </message>
    <message>
        <source>Map columns…</source>
        <translation>Ánh xạ cột…</translation>
    </message>
    <message>
        <source>Choose which column of a CSV, TSV or Parquet file each field is read from</source>
        <translation>Chọn cột của tệp CSV, TSV hoặc Parquet để đọc cho mỗi trường</translation>
    </message>
    <message>
        <source>Preview</source>
        <translation>Xem trước</translation>
    </message>
    <message>
        <source>Read the first rows of each file again (Ctrl+P)</source>
        <translation>Đọc lại các hàng đầu của mỗi tệp (Ctrl+P)</translation>
    </message>
    <message>
        <source>Import</source>
        <translation>Nhập</translation>
    </message>
    <message>
        <source>Import the files as a new dataset version (Ctrl+I)</source>
        <translation>Nhập các tệp thành một phiên bản tập dữ liệu mới (Ctrl+I)</translation>
    </message>
    <message>
        <source>First rows as records</source>
        <translation>Các hàng đầu dưới dạng bản ghi</translation>
    </message>
    <message>
        <source>Rows that would be rejected</source>
        <translation>Các hàng sẽ bị loại</translation>
    </message>
    <message>
        <source>File</source>
        <translation>Tệp</translation>
    </message>
    <message>
        <source>Kind</source>
        <translation>Loại</translation>
    </message>
    <message>
        <source>Record</source>
        <translation>Bản ghi</translation>
    </message>
    <message>
        <source>Field</source>
        <translation>Trường</translation>
    </message>
    <message>
        <source>Reason</source>
        <translation>Lý do</translation>
    </message>
    <message>
        <source>Add files</source>
        <translation>Thêm tệp</translation>
    </message>
    <message>
        <source>Add files to see the layout detected in each and its first rows.</source>
        <translation>Thêm tệp để xem bố cục nhận diện được và các hàng đầu của mỗi tệp.</translation>
    </message>
    <message>
        <source>Import files</source>
        <translation>Nhập tệp</translation>
    </message>
    <message>
        <source>Datasets (*.json *.jsonl *.ndjson *.csv *.tsv *.parquet *.txt *.md *.zst *.gz);;All files (*)</source>
        <translation>Tập dữ liệu (*.json *.jsonl *.ndjson *.csv *.tsv *.parquet *.txt *.md *.zst *.gz);;Mọi tệp (*)</translation>
    </message>
    <message>
        <source>Import a folder</source>
        <translation>Nhập một thư mục</translation>
    </message>
    <message>
        <source>Reading the first rows…</source>
        <translation>Đang đọc các hàng đầu…</translation>
    </message>
    <message>
        <source>%1: %2, layout %3</source>
        <translation>%1: %2, bố cục %3</translation>
    </message>
    <message>
        <source>unknown</source>
        <translation>không rõ</translation>
    </message>
    <message>
        <source>Open a project first: datasets are kept in a project.</source>
        <translation>Hãy mở một dự án trước: tập dữ liệu được lưu trong dự án.</translation>
    </message>
</context>
<context>
    <name>lw::ui::data::JobProgressRow</name>
    <message>
        <source>Starting…</source>
        <translation>Đang bắt đầu…</translation>
    </message>
    <message>
        <source>%1 %</source>
        <translation>%1 %</translation>
    </message>
    <message>
        <source>%1 left</source>
        <translation>còn %1</translation>
    </message>
    <message>
        <source>Cancelling…</source>
        <translation>Đang hủy…</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Hủy</translation>
    </message>
    <message>
        <source>Stop the job (Esc); nothing it made so far is kept</source>
        <translation>Dừng tác vụ (Esc); những gì nó đã tạo sẽ không được giữ</translation>
    </message>
    <message>
        <source>%1 rows, %2 rejected</source>
        <translation>%1 hàng, %2 bị loại</translation>
    </message>
    <message>
        <source>%1 rows</source>
        <translation>%1 hàng</translation>
    </message>
</context>
<context>
    <name>lw::ui::data::Recipe</name>
    <message>
        <source>Not JSON at offset %1: %2</source>
        <translation>Không phải JSON tại vị trí %1: %2</translation>
    </message>
    <message>
        <source>A recipe is a JSON array of steps.</source>
        <translation>Công thức là một mảng JSON gồm các bước.</translation>
    </message>
    <message>
        <source>Step %1: unknown step &quot;%2&quot;.</source>
        <translation>Bước %1: không biết bước &quot;%2&quot;.</translation>
    </message>
</context>
<context>
    <name>lw::ui::data::RecipePage</name>
    <message>
        <source>The filter was cancelled.</source>
        <translation>Đã hủy việc lọc.</translation>
    </message>
    <message>
        <source>Add step</source>
        <translation>Thêm bước</translation>
    </message>
    <message>
        <source>Remove</source>
        <translation>Gỡ</translation>
    </message>
    <message>
        <source>Remove the selected step (Delete)</source>
        <translation>Gỡ bước đang chọn (Delete)</translation>
    </message>
    <message>
        <source>Up</source>
        <translation>Lên</translation>
    </message>
    <message>
        <source>Run the selected step earlier (Alt+Up)</source>
        <translation>Chạy bước đang chọn sớm hơn (Alt+Up)</translation>
    </message>
    <message>
        <source>Down</source>
        <translation>Xuống</translation>
    </message>
    <message>
        <source>Run the selected step later (Alt+Down)</source>
        <translation>Chạy bước đang chọn muộn hơn (Alt+Down)</translation>
    </message>
    <message>
        <source>Save…</source>
        <translation>Lưu…</translation>
    </message>
    <message>
        <source>Save the recipe as JSON (Ctrl+S)</source>
        <translation>Lưu công thức dạng JSON (Ctrl+S)</translation>
    </message>
    <message>
        <source>Load…</source>
        <translation>Mở…</translation>
    </message>
    <message>
        <source>Load a recipe from JSON (Ctrl+Shift+L)</source>
        <translation>Mở công thức từ JSON (Ctrl+Shift+L)</translation>
    </message>
    <message>
        <source>New version</source>
        <translation>Phiên bản mới</translation>
    </message>
    <message>
        <source>Name of the filtered dataset</source>
        <translation>Tên của tập dữ liệu đã lọc</translation>
    </message>
    <message>
        <source>Run recipe</source>
        <translation>Chạy công thức</translation>
    </message>
    <message>
        <source>Filter the dataset into a new version (Ctrl+R)</source>
        <translation>Lọc tập dữ liệu thành một phiên bản mới (Ctrl+R)</translation>
    </message>
    <message>
        <source>Move step up</source>
        <translation>Đưa bước lên</translation>
    </message>
    <message>
        <source>Move step down</source>
        <translation>Đưa bước xuống</translation>
    </message>
    <message>
        <source>Remove step</source>
        <translation>Gỡ bước</translation>
    </message>
    <message>
        <source>Save recipe</source>
        <translation>Lưu công thức</translation>
    </message>
    <message>
        <source>Load recipe</source>
        <translation>Mở công thức</translation>
    </message>
    <message>
        <source>Select a dataset version first.</source>
        <translation>Hãy chọn một phiên bản tập dữ liệu trước.</translation>
    </message>
    <message>
        <source>Recipe for %1</source>
        <translation>Công thức cho %1</translation>
    </message>
    <message>
        <source>Step</source>
        <translation>Bước</translation>
    </message>
    <message>
        <source>Rows in</source>
        <translation>Hàng vào</translation>
    </message>
    <message>
        <source>Rows out</source>
        <translation>Hàng ra</translation>
    </message>
    <message>
        <source>Changed</source>
        <translation>Đã sửa</translation>
    </message>
    <message>
        <source>Source</source>
        <translation>Nguồn</translation>
    </message>
    <message>
        <source>Reason</source>
        <translation>Lý do</translation>
    </message>
    <message>
        <source>Text</source>
        <translation>Văn bản</translation>
    </message>
    <message>
        <source>Could not save %1: %2</source>
        <translation>Không lưu được %1: %2</translation>
    </message>
    <message>
        <source>Could not open %1: %2</source>
        <translation>Không mở được %1: %2</translation>
    </message>
    <message>
        <source>Recipes (*.json)</source>
        <translation>Công thức (*.json)</translation>
    </message>
    <message>
        <source>Could not write the recipe to %1: %2</source>
        <translation>Không ghi được công thức vào %1: %2</translation>
    </message>
    <message>
        <source>%1: %2 of %3 rows kept.</source>
        <translation>%1: giữ %2 trên %3 hàng.</translation>
    </message>
    <message>
        <source>Tokenizer</source>
        <translation>Bộ tách token</translation>
    </message>
    <message>
        <source>Counts the tokens of length steps whose unit is tokens</source>
        <translation>Đếm token cho các bước độ dài có đơn vị là token</translation>
    </message>
</context>
<context>
    <name>lw::ui::data::StatsPage</name>
    <message>
        <source>Tokenizer</source>
        <translation>Bộ tách token</translation>
    </message>
    <message>
        <source>Compute</source>
        <translation>Tính</translation>
    </message>
    <message>
        <source>Compute the statistics of the dataset (F5)</source>
        <translation>Tính thống kê của tập dữ liệu (F5)</translation>
    </message>
    <message>
        <source>Compute statistics</source>
        <translation>Tính thống kê</translation>
    </message>
    <message>
        <source>Split</source>
        <translation>Chia</translation>
    </message>
    <message>
        <source>Fraction of rows for training</source>
        <translation>Tỉ lệ hàng dùng để huấn luyện</translation>
    </message>
    <message>
        <source>Fraction of rows for validation</source>
        <translation>Tỉ lệ hàng dùng để kiểm định</translation>
    </message>
    <message>
        <source>Fraction of rows for testing</source>
        <translation>Tỉ lệ hàng dùng để kiểm tra</translation>
    </message>
    <message>
        <source>Seed</source>
        <translation>Hạt giống</translation>
    </message>
    <message>
        <source>Group by field</source>
        <translation>Nhóm theo trường</translation>
    </message>
    <message>
        <source>Rows with the same value of this field stay in the same split</source>
        <translation>Các hàng có cùng giá trị ở trường này nằm trong cùng một phần</translation>
    </message>
    <message>
        <source>Make split</source>
        <translation>Chia</translation>
    </message>
    <message>
        <source>Select a dataset version first.</source>
        <translation>Hãy chọn một phiên bản tập dữ liệu trước.</translation>
    </message>
    <message>
        <source>Statistics of %1</source>
        <translation>Thống kê của %1</translation>
    </message>
    <message>
        <source>Press Compute to read the statistics.</source>
        <translation>Nhấn Tính để đọc thống kê.</translation>
    </message>
    <message>
        <source>%1 rows (%2). Characters per row: mean %3, median %4, 95th percentile %5, longest %6. Exact duplicates: %7.</source>
        <translation>%1 hàng (%2). Số ký tự mỗi hàng: trung bình %3, trung vị %4, phân vị 95 %5, dài nhất %6. Trùng lặp chính xác: %7.</translation>
    </message>
    <message>
        <source>Length in characters</source>
        <translation>Độ dài theo ký tự</translation>
    </message>
    <message>
        <source>characters</source>
        <translation>ký tự</translation>
    </message>
    <message>
        <source>Length in tokens (choose a tokenizer)</source>
        <translation>Độ dài theo token (chọn bộ tách token)</translation>
    </message>
    <message>
        <source>Length in tokens</source>
        <translation>Độ dài theo token</translation>
    </message>
    <message>
        <source>tokens</source>
        <translation>token</translation>
    </message>
    <message>
        <source>Empty fields</source>
        <translation>Trường trống</translation>
    </message>
    <message>
        <source>Languages</source>
        <translation>Ngôn ngữ</translation>
    </message>
    <message>
        <source>Tokens per split</source>
        <translation>Token mỗi phần</translation>
    </message>
    <message>
        <source>Rows per split</source>
        <translation>Hàng mỗi phần</translation>
    </message>
    <message>
        <source>Split made: %1 train, %2 validation, %3 test (seed %4).</source>
        <translation>Đã chia: %1 huấn luyện, %2 kiểm định, %3 kiểm tra (seed %4).</translation>
    </message>
    <message>
        <source>Tokens: %1 in all; per row mean %2, median %3, 95th percentile %4, longest %5.</source>
        <translation>Token: tổng %1; mỗi hàng trung bình %2, trung vị %3, phân vị 95 %4, dài nhất %5.</translation>
    </message>
</context>
<context>
    <name>lw::ui::data::StepSettingsForm</name>
    <message>
        <source>Add a step, or select one to change its settings.</source>
        <translation>Thêm một bước, hoặc chọn một bước để đổi thiết lập.</translation>
    </message>
    <message>
        <source>Separate the values with commas</source>
        <translation>Ngăn cách các giá trị bằng dấu phẩy</translation>
    </message>
    <message>
        <source>Settings of step %1</source>
        <translation>Thiết lập của bước %1</translation>
    </message>
    <message>
        <source>Step %1 has no settings: it runs with the worker&apos;s defaults.</source>
        <translation>Bước %1 không có thiết lập: nó chạy với mặc định của tiến trình xử lý.</translation>
    </message>
</context>
<context>
    <name>lw::ui::data::TemplatePage</name>
    <message>
        <source>Template</source>
        <translation>Mẫu</translation>
    </message>
    <message>
        <source>Tokenizer</source>
        <translation>Bộ tách token</translation>
    </message>
    <message>
        <source>Rows</source>
        <translation>Hàng</translation>
    </message>
    <message>
        <source>Loss on</source>
        <translation>Tính mất mát trên</translation>
    </message>
    <message>
        <source>Assistant answers</source>
        <translation>Câu trả lời của trợ lý</translation>
    </message>
    <message>
        <source>All tokens</source>
        <translation>Mọi token</translation>
    </message>
    <message>
        <source>Show</source>
        <translation>Hiển thị</translation>
    </message>
    <message>
        <source>Write the rows with the template and show their tokens (Ctrl+R)</source>
        <translation>Viết các hàng theo mẫu và hiển thị token của chúng (Ctrl+R)</translation>
    </message>
    <message>
        <source>Show templated rows</source>
        <translation>Hiển thị các hàng theo mẫu</translation>
    </message>
    <message>
        <source>Select a dataset version first.</source>
        <translation>Hãy chọn một phiên bản tập dữ liệu trước.</translation>
    </message>
    <message>
        <source>Rows of %1 as the model will see them; tokens that receive loss are coloured.</source>
        <translation>Các hàng của %1 như mô hình sẽ thấy; token được tính mất mát được tô màu.</translation>
    </message>
    <message>
        <source>Choose a template and a tokenizer, then press Show.</source>
        <translation>Chọn một mẫu và một bộ tách token, rồi nhấn Hiển thị.</translation>
    </message>
    <message>
        <source>Context</source>
        <translation>Ngữ cảnh</translation>
    </message>
    <message>
        <source>No limit</source>
        <translation>Không giới hạn</translation>
    </message>
    <message>
        <source>Context length in tokens: longer rows are cut and counted as truncated</source>
        <translation>Độ dài ngữ cảnh tính bằng token: hàng dài hơn bị cắt và được đếm là bị cắt cụt</translation>
    </message>
    <message>
        <source>%1 rows shown; the dataset was not checked.</source>
        <translation>Hiển thị %1 hàng; tập dữ liệu chưa được kiểm tra.</translation>
    </message>
    <message>
        <source>%1 rows checked, %2 tokens, %3 of them with loss. %4 rows with an answer that never ends, %5 truncated, %6 with no token that receives loss.</source>
        <translation>Đã kiểm tra %1 hàng, %2 token, %3 token được tính mất mát. %4 hàng có câu trả lời không bao giờ kết thúc, %5 hàng bị cắt cụt, %6 hàng không có token nào được tính mất mát.</translation>
    </message>
    <message>
        <source>Stop strings never trained: %1.</source>
        <translation>Chuỗi dừng không bao giờ được huấn luyện: %1.</translation>
    </message>
</context>
<context>
    <name>lw::ui::data::TokenizerChooser</name>
    <message>
        <source>Browse…</source>
        <translation>Chọn…</translation>
    </message>
    <message>
        <source>Choose a tokenizer folder</source>
        <translation>Chọn thư mục của một bộ tách token</translation>
    </message>
    <message>
        <source>Optional: a tokenizer of the project, or the path of one</source>
        <translation>Tùy chọn: một bộ tách token của dự án, hoặc đường dẫn tới nó</translation>
    </message>
    <message>
        <source>A tokenizer of the project, or the path of one</source>
        <translation>Một bộ tách token của dự án, hoặc đường dẫn tới nó</translation>
    </message>
    <message>
        <source>Tokenizer folder</source>
        <translation>Thư mục bộ tách token</translation>
    </message>
</context>
<context>
    <name>lw::ui::data::VersionsPage</name>
    <message>
        <source>Version</source>
        <translation>Phiên bản</translation>
    </message>
    <message>
        <source>Kind</source>
        <translation>Loại</translation>
    </message>
    <message>
        <source>Rows</source>
        <translation>Hàng</translation>
    </message>
    <message>
        <source>Rejected</source>
        <translation>Bị loại</translation>
    </message>
    <message>
        <source>Refresh</source>
        <translation>Làm mới</translation>
    </message>
    <message>
        <source>Read the dataset versions again (F5)</source>
        <translation>Đọc lại các phiên bản tập dữ liệu (F5)</translation>
    </message>
    <message>
        <source>Delete</source>
        <translation>Xóa</translation>
    </message>
    <message>
        <source>Delete the selected version and its folder (Delete)</source>
        <translation>Xóa phiên bản đang chọn và thư mục của nó (Delete)</translation>
    </message>
    <message>
        <source>Select a version to see its sources, recipe, step counts and splits.</source>
        <translation>Chọn một phiên bản để xem nguồn, công thức, số hàng từng bước và cách chia.</translation>
    </message>
    <message>
        <source>Delete dataset version</source>
        <translation>Xóa phiên bản tập dữ liệu</translation>
    </message>
    <message>
        <source>Delete the dataset version %1 and its folder?</source>
        <translation>Xóa phiên bản tập dữ liệu %1 và thư mục của nó?</translation>
    </message>
    <message>
        <source>Export…</source>
        <translation>Xuất…</translation>
    </message>
    <message>
        <source>Write the selected version as JSON Lines or as token files (Ctrl+E)</source>
        <translation>Ghi phiên bản đã chọn dạng JSON Lines hoặc thành tệp token (Ctrl+E)</translation>
    </message>
</context>
<context>
    <name>lw::ui::models::ExportModelDialog</name>
    <message>
        <source>Export to a GGUF file</source>
        <translation>Xuất ra tệp GGUF</translation>
    </message>
    <message>
        <source>GGUF files (*.gguf)</source>
        <translation>Tệp GGUF (*.gguf)</translation>
    </message>
    <message>
        <source>Export to a new folder</source>
        <translation>Xuất ra thư mục mới</translation>
    </message>
    <message>
        <source>Export model</source>
        <translation>Xuất mô hình</translation>
    </message>
    <message>
        <source>Export %1 for other tools.</source>
        <translation>Xuất %1 để dùng với công cụ khác.</translation>
    </message>
    <message>
        <source>Format:</source>
        <translation>Định dạng:</translation>
    </message>
    <message>
        <source>Weights:</source>
        <translation>Trọng số:</translation>
    </message>
    <message>
        <source>Output:</source>
        <translation>Đầu ra:</translation>
    </message>
    <message>
        <source>Hugging Face folder (transformers)</source>
        <translation>Thư mục Hugging Face (transformers)</translation>
    </message>
    <message>
        <source>GGUF file (llama.cpp)</source>
        <translation>Tệp GGUF (llama.cpp)</translation>
    </message>
    <message>
        <source>Browse…</source>
        <translation>Chọn…</translation>
    </message>
    <message>
        <source>Export</source>
        <translation>Xuất</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Hủy</translation>
    </message>
    <message>
        <source>LoRA adapter for llama.cpp (GGUF)</source>
        <translation>Adapter LoRA cho llama.cpp (GGUF)</translation>
    </message>
    <message>
        <source>llama.cpp cannot load DoRA adapters: merge the adapter into its base (llmwb adapter merge) and export that model instead.</source>
        <translation>llama.cpp không nạp được adapter DoRA: hãy gộp adapter vào mô hình gốc (llmwb adapter merge) rồi xuất mô hình đó.</translation>
    </message>
    <message>
        <source>The adapter alone, which llama.cpp applies to the base model exported as GGUF (--lora).</source>
        <translation>Chỉ riêng adapter; llama.cpp áp dụng nó lên mô hình gốc đã xuất ra GGUF (--lora).</translation>
    </message>
</context>
<context>
    <name>lw::ui::models::MergeDialog</name>
    <message>
        <source>(none)</source>
        <translation>(không có)</translation>
    </message>
    <message>
        <source>Merge models</source>
        <translation>Trộn mô hình</translation>
    </message>
    <message>
        <source>Merge two or more models of the same shape into a new one. A model may be listed more than once.</source>
        <translation>Trộn hai mô hình cùng cấu trúc trở lên thành một mô hình mới. Một mô hình có thể được liệt kê nhiều lần.</translation>
    </message>
    <message>
        <source>Model</source>
        <translation>Mô hình</translation>
    </message>
    <message>
        <source>Weight</source>
        <translation>Hệ số</translation>
    </message>
    <message>
        <source>Density</source>
        <translation>Mật độ</translation>
    </message>
    <message>
        <source>Method:</source>
        <translation>Phương pháp:</translation>
    </message>
    <message>
        <source>Base model:</source>
        <translation>Mô hình gốc:</translation>
    </message>
    <message>
        <source>t (slerp):</source>
        <translation>t (slerp):</translation>
    </message>
    <message>
        <source>Lambda:</source>
        <translation>Lambda:</translation>
    </message>
    <message>
        <source>Seed (dare):</source>
        <translation>Hạt giống (dare):</translation>
    </message>
    <message>
        <source>New model&apos;s name:</source>
        <translation>Tên mô hình mới:</translation>
    </message>
    <message>
        <source>Add model</source>
        <translation>Thêm mô hình</translation>
    </message>
    <message>
        <source>Remove model</source>
        <translation>Bỏ mô hình</translation>
    </message>
    <message>
        <source>Merge</source>
        <translation>Trộn</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Hủy</translation>
    </message>
</context>
<context>
    <name>lw::ui::models::ModelCommands</name>
    <message>
        <source>Import model %1</source>
        <translation>Nhập mô hình %1</translation>
    </message>
    <message>
        <source>Export %1</source>
        <translation>Xuất %1</translation>
    </message>
    <message>
        <source>Merge into %1</source>
        <translation>Trộn thành %1</translation>
    </message>
</context>
<context>
    <name>lw::ui::models::ModelDetails</name>
    <message>
        <source>File</source>
        <translation>Tệp</translation>
    </message>
    <message>
        <source>Bytes</source>
        <translation>Byte</translation>
    </message>
    <message>
        <source>Model</source>
        <translation>Mô hình</translation>
    </message>
    <message>
        <source>Weight</source>
        <translation>Hệ số</translation>
    </message>
    <message>
        <source>Density</source>
        <translation>Mật độ</translation>
    </message>
    <message>
        <source>Kind</source>
        <translation>Loại</translation>
    </message>
    <message>
        <source>Use as</source>
        <translation>Dùng bằng</translation>
    </message>
    <message>
        <source>Location</source>
        <translation>Vị trí</translation>
    </message>
    <message>
        <source>Imported from</source>
        <translation>Nhập từ</translation>
    </message>
    <message>
        <source>Parameters</source>
        <translation>Số tham số</translation>
    </message>
    <message>
        <source>Files</source>
        <translation>Các tệp</translation>
    </message>
    <message>
        <source>Merged from</source>
        <translation>Trộn từ</translation>
    </message>
    <message>
        <source>Configuration</source>
        <translation>Cấu hình</translation>
    </message>
</context>
<context>
    <name>lw::ui::models::ModelEntry</name>
    <message>
        <source>%1 (best)</source>
        <translation>%1 (tốt nhất)</translation>
    </message>
    <message>
        <source>%1 (newest)</source>
        <translation>%1 (mới nhất)</translation>
    </message>
    <message>
        <source>checkpoint</source>
        <translation>checkpoint</translation>
    </message>
    <message>
        <source>import</source>
        <translation>nhập</translation>
    </message>
    <message>
        <source>merge</source>
        <translation>trộn</translation>
    </message>
    <message>
        <source>quantized</source>
        <translation>đã lượng tử hóa</translation>
    </message>
    <message>
        <source>pruned</source>
        <translation>đã tỉa</translation>
    </message>
</context>
<context>
    <name>lw::ui::models::ModelsPanel</name>
    <message>
        <source>Exported %1 to %2</source>
        <translation>Đã xuất %1 ra %2</translation>
    </message>
    <message>
        <source>Model %1 is ready.</source>
        <translation>Mô hình %1 đã sẵn sàng.</translation>
    </message>
    <message>
        <source>Cancelled; nothing was kept.</source>
        <translation>Đã hủy; không giữ lại gì.</translation>
    </message>
    <message>
        <source>The project&apos;s models could not be read: %1</source>
        <translation>Không đọc được các mô hình của dự án: %1</translation>
    </message>
    <message>
        <source>No model yet. Import a Hugging Face folder or a GGUF file (Ctrl+I, or drop it here), or train a run.</source>
        <translation>Chưa có mô hình nào. Hãy nhập một thư mục Hugging Face hoặc một tệp GGUF (Ctrl+I, hoặc thả vào đây), hoặc huấn luyện một lượt chạy.</translation>
    </message>
    <message>
        <source>Another model job is running; wait for it or cancel it.</source>
        <translation>Một tác vụ mô hình khác đang chạy; hãy chờ hoặc hủy nó.</translation>
    </message>
    <message>
        <source>%1 is neither a folder nor a .gguf file; only those can be imported as models.</source>
        <translation>%1 không phải thư mục hay tệp .gguf; chỉ hai loại này nhập được làm mô hình.</translation>
    </message>
    <message>
        <source>Could not delete %1: %2</source>
        <translation>Không xóa được %1: %2</translation>
    </message>
    <message>
        <source>Model %1 deleted.</source>
        <translation>Đã xóa mô hình %1.</translation>
    </message>
    <message>
        <source>Import a Hugging Face folder</source>
        <translation>Nhập thư mục Hugging Face</translation>
    </message>
    <message>
        <source>Import model</source>
        <translation>Nhập mô hình</translation>
    </message>
    <message>
        <source>Name in the project:</source>
        <translation>Tên trong dự án:</translation>
    </message>
    <message>
        <source>Import a GGUF file</source>
        <translation>Nhập tệp GGUF</translation>
    </message>
    <message>
        <source>GGUF files (*.gguf)</source>
        <translation>Tệp GGUF (*.gguf)</translation>
    </message>
    <message>
        <source>Delete model</source>
        <translation>Xóa mô hình</translation>
    </message>
    <message>
        <source>Delete the model %1 and its files in the project? Files outside the project are not touched.</source>
        <translation>Xóa mô hình %1 và các tệp của nó trong dự án? Các tệp bên ngoài dự án không bị đụng đến.</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>Tên</translation>
    </message>
    <message>
        <source>Kind</source>
        <translation>Loại</translation>
    </message>
    <message>
        <source>Family</source>
        <translation>Họ</translation>
    </message>
    <message>
        <source>Parameters</source>
        <translation>Số tham số</translation>
    </message>
    <message>
        <source>Dtype</source>
        <translation>Kiểu số</translation>
    </message>
    <message>
        <source>Size</source>
        <translation>Kích thước</translation>
    </message>
    <message>
        <source>Created</source>
        <translation>Ngày tạo</translation>
    </message>
    <message>
        <source>Import</source>
        <translation>Nhập</translation>
    </message>
    <message>
        <source>Import a Hugging Face folder or a GGUF file (or drop one on the list)</source>
        <translation>Nhập một thư mục Hugging Face hoặc một tệp GGUF (hoặc thả vào danh sách)</translation>
    </message>
    <message>
        <source>Export…</source>
        <translation>Xuất…</translation>
    </message>
    <message>
        <source>Write the selected model as a Hugging Face folder or a GGUF file (Ctrl+E)</source>
        <translation>Ghi mô hình đã chọn thành thư mục Hugging Face hoặc tệp GGUF (Ctrl+E)</translation>
    </message>
    <message>
        <source>Merge…</source>
        <translation>Trộn…</translation>
    </message>
    <message>
        <source>Merge models of one shape into a new model (Ctrl+M)</source>
        <translation>Trộn các mô hình cùng cấu trúc thành một mô hình mới (Ctrl+M)</translation>
    </message>
    <message>
        <source>Delete</source>
        <translation>Xóa</translation>
    </message>
    <message>
        <source>Delete the selected import or merge (Delete); checkpoints belong to their runs</source>
        <translation>Xóa mô hình nhập hoặc trộn đã chọn (Delete); checkpoint thuộc về lượt chạy của nó</translation>
    </message>
    <message>
        <source>Import a Hugging Face folder…</source>
        <translation>Nhập thư mục Hugging Face…</translation>
    </message>
    <message>
        <source>Import a GGUF file…</source>
        <translation>Nhập tệp GGUF…</translation>
    </message>
    <message>
        <source>Refresh</source>
        <translation>Làm mới</translation>
    </message>
    <message numerus="yes">
        <source>%1
The %n import(s) waiting after it were not started.</source>
        <translation>
            <numerusform>%1
Còn %n mục nhập đang chờ sau nó chưa được bắt đầu.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Cancelled; nothing was kept, and the %n import(s) waiting after it were not started.</source>
        <translation>
            <numerusform>Đã hủy; không giữ lại gì, và %n mục nhập đang chờ sau nó chưa được bắt đầu.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n more model(s) will be imported after this one, one job each.</source>
        <translation>
            <numerusform>Sau mô hình này sẽ nhập thêm %n mô hình, mỗi mô hình một tác vụ.</numerusform>
        </translation>
    </message>
    <message>
        <source>Exported the adapter %1 to %2</source>
        <translation>Đã xuất adapter %1 ra %2</translation>
    </message>
</context>
<context>
    <name>lw::ui::AdapterPicker</name>
    <message>
        <source>Folder of an adapter</source>
        <translation>Thư mục của một adapter</translation>
    </message>
    <message>
        <source>Not an adapter</source>
        <translation>Không phải adapter</translation>
    </message>
    <message>
        <source>%1 has no adapter_config.json: it is not a LoRA or DoRA adapter folder.</source>
        <translation>%1 không có adapter_config.json: đây không phải thư mục adapter LoRA hay DoRA.</translation>
    </message>
    <message>
        <source>None</source>
        <translation>Không</translation>
    </message>
    <message>
        <source>Other folder…</source>
        <translation>Thư mục khác…</translation>
    </message>
    <message>
        <source>A LoRA or DoRA adapter applied to the model: the fine-tunes of this run, or a folder</source>
        <translation>Một adapter LoRA hoặc DoRA áp lên mô hình: các lần tinh chỉnh của lần chạy này, hoặc một thư mục</translation>
    </message>
</context>
<context>
    <name>lw::ui::finetune::CheckReportView</name>
    <message>
        <source>%1 ms</source>
        <translation>%1 ms</translation>
    </message>
    <message>
        <source>%1 s</source>
        <translation>%1 giây</translation>
    </message>
    <message>
        <source>The check found a problem that would make the fine-tune useless.</source>
        <translation>Bước kiểm tra tìm thấy một vấn đề khiến việc tinh chỉnh trở nên vô ích.</translation>
    </message>
    <message>
        <source>Error: %1</source>
        <translation>Lỗi: %1</translation>
    </message>
    <message>
        <source>Warning: %1</source>
        <translation>Cảnh báo: %1</translation>
    </message>
    <message>
        <source>No token of any row gets a loss, so nothing would be learned. Are the answers empty, or cut off by the context?</source>
        <translation>Không token nào của dòng nào được tính loss, nên sẽ không học được gì. Câu trả lời có trống, hay bị ngữ cảnh cắt mất không?</translation>
    </message>
    <message numerus="yes">
        <source>%n row(s) have no answer token left to learn from (empty or cut off); they teach nothing.</source>
        <translation>
            <numerusform>%n dòng không còn token trả lời nào để học (trống hoặc bị cắt); chúng không dạy được gì.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n row(s) are longer than the context; their ends are cut off.</source>
        <translation>
            <numerusform>%n dòng dài hơn ngữ cảnh; phần cuối của chúng bị cắt.</numerusform>
        </translation>
    </message>
    <message>
        <source>The answers do not end with an end-of-answer token: the fine-tuned model would not learn to stop.</source>
        <translation>Câu trả lời không kết thúc bằng token kết thúc: mô hình sau tinh chỉnh sẽ không học được cách dừng.</translation>
    </message>
    <message>
        <source>In every pair the chosen and the rejected answer are the same: there is no preference to learn.</source>
        <translation>Trong mọi cặp, câu được chọn và câu bị loại giống nhau: không có sự ưu tiên nào để học.</translation>
    </message>
    <message numerus="yes">
        <source>%n pair(s) have the same chosen and rejected answer; they only add noise.</source>
        <translation>
            <numerusform>%n cặp có câu được chọn và câu bị loại giống nhau; chúng chỉ thêm nhiễu.</numerusform>
        </translation>
    </message>
    <message>
        <source>The learning rate is far from the usual range for this method and objective.</source>
        <translation>Tốc độ học khác xa khoảng thường dùng cho phương pháp và mục tiêu này.</translation>
    </message>
    <message>
        <source>The tokenizer has more tokens than the model knows: it is not this model&apos;s tokenizer.</source>
        <translation>Tokenizer có nhiều token hơn mô hình biết: đây không phải tokenizer của mô hình này.</translation>
    </message>
    <message>
        <source>The dataset has no rows to train on.</source>
        <translation>Bộ dữ liệu không có dòng nào để huấn luyện.</translation>
    </message>
    <message>
        <source>Check</source>
        <translation>Kiểm tra</translation>
    </message>
    <message>
        <source>Checking the data and timing a few steps…</source>
        <translation>Đang kiểm tra dữ liệu và đo thời gian vài bước…</translation>
    </message>
    <message>
        <source>The check could not run: %1</source>
        <translation>Không chạy được bước kiểm tra: %1</translation>
    </message>
    <message>
        <source>Check what the fine-tune will learn from and what it will cost before you start.</source>
        <translation>Hãy kiểm tra việc tinh chỉnh sẽ học từ đâu và tốn bao nhiêu trước khi bắt đầu.</translation>
    </message>
    <message>
        <source>Rows</source>
        <translation>Dòng</translation>
    </message>
    <message>
        <source>%1 for training, %2 for validation</source>
        <translation>%1 để huấn luyện, %2 để kiểm định</translation>
    </message>
    <message>
        <source>Tokens</source>
        <translation>Token</translation>
    </message>
    <message>
        <source>%1, of which %2 get a loss</source>
        <translation>%1, trong đó %2 được tính loss</translation>
    </message>
    <message>
        <source>Trainable parameters</source>
        <translation>Tham số được huấn luyện</translation>
    </message>
    <message>
        <source>%1 of %2 (%3 %)</source>
        <translation>%1 trên %2 (%3 %)</translation>
    </message>
    <message>
        <source>Memory</source>
        <translation>Bộ nhớ</translation>
    </message>
    <message>
        <source>%1: weights %2, gradients %3, optimizer %4, activations %5</source>
        <translation>%1: trọng số %2, gradient %3, bộ tối ưu %4, activation %5</translation>
    </message>
    <message>
        <source>Time</source>
        <translation>Thời gian</translation>
    </message>
    <message>
        <source>%1 per step, %2 for %3 steps</source>
        <translation>%1 mỗi bước, %2 cho %3 bước</translation>
    </message>
    <message>
        <source>Disk</source>
        <translation>Đĩa</translation>
    </message>
    <message>
        <source>%1 per checkpoint</source>
        <translation>%1 mỗi checkpoint</translation>
    </message>
    <message>
        <source>Error:</source>
        <translation>Lỗi:</translation>
    </message>
    <message>
        <source>Warning:</source>
        <translation>Cảnh báo:</translation>
    </message>
    <message>
        <source>No problem found.</source>
        <translation>Không thấy vấn đề nào.</translation>
    </message>
</context>
<context>
    <name>lw::ui::finetune::ComparisonTable</name>
    <message>
        <source>The fine-tuned model gave the expected answer</source>
        <translation>Mô hình sau tinh chỉnh đã trả lời đúng như mong đợi</translation>
    </message>
    <message>
        <source>Prompt</source>
        <translation>Câu hỏi</translation>
    </message>
    <message>
        <source>Expected</source>
        <translation>Mong đợi</translation>
    </message>
    <message>
        <source>Base model</source>
        <translation>Mô hình gốc</translation>
    </message>
    <message>
        <source>Fine-tuned</source>
        <translation>Sau tinh chỉnh</translation>
    </message>
</context>
<context>
    <name>lw::ui::finetune::FinetuneCharts</name>
    <message>
        <source>Chosen reward</source>
        <translation>Thưởng câu được chọn</translation>
    </message>
    <message>
        <source>Rejected reward</source>
        <translation>Thưởng câu bị loại</translation>
    </message>
    <message>
        <source>Margin</source>
        <translation>Biên</translation>
    </message>
    <message>
        <source>Accuracy</source>
        <translation>Độ chính xác</translation>
    </message>
    <message>
        <source>Validation margin</source>
        <translation>Biên kiểm định</translation>
    </message>
    <message>
        <source>Validation accuracy</source>
        <translation>Độ chính xác kiểm định</translation>
    </message>
    <message>
        <source>Reward</source>
        <translation>Phần thưởng</translation>
    </message>
    <message>
        <source>Step</source>
        <translation>Bước</translation>
    </message>
    <message>
        <source>Training accuracy</source>
        <translation>Độ chính xác huấn luyện</translation>
    </message>
</context>
<context>
    <name>lw::ui::finetune::FinetuneFieldHelp</name>
    <message>
        <source>The model to fine-tune: a run (its best checkpoint), a checkpoint, a model of the project</source>
        <translation>Mô hình cần tinh chỉnh: một lần chạy (checkpoint tốt nhất của nó), một checkpoint, một mô hình của dự án</translation>
    </message>
    <message>
        <source>Chat or preference dataset of the project (shaped with the model&apos;s tokenizer)</source>
        <translation>Bộ dữ liệu hội thoại hoặc ưu tiên của dự án (được xử lý bằng tokenizer của mô hình)</translation>
    </message>
    <message>
        <source>full: every weight; lora: low-rank adapters; qlora: adapters on a 4-bit base; dora: magnitude and direction</source>
        <translation>full: mọi trọng số; lora: adapter hạng thấp; qlora: adapter trên mô hình gốc 4 bit; dora: độ lớn và hướng</translation>
    </message>
    <message>
        <source>sft: learn the answers; dpo, ipo: prefer chosen over rejected against the base; orpo, simpo: preference without a reference model; classify: a new head that picks one class per text (choice records: question, classes, answer; method full)</source>
        <translation>sft: học các câu trả lời; dpo, ipo: ưu tiên câu được chọn hơn câu bị loại so với mô hình gốc; orpo, simpo: ưu tiên không cần mô hình tham chiếu; classify: một đầu mới chọn một lớp cho mỗi văn bản (bản ghi lựa chọn: câu hỏi, các lớp, đáp án; phương pháp full)</translation>
    </message>
    <message>
        <source>Template for the conversations; empty: the model&apos;s own (chatml when it has none)</source>
        <translation>Mẫu cho các cuộc hội thoại; để trống: mẫu riêng của mô hình (chatml khi nó không có)</translation>
    </message>
    <message>
        <source>assistant: loss on the answers only; all: on every token</source>
        <translation>assistant: loss chỉ trên câu trả lời; all: trên mọi token</translation>
    </message>
    <message>
        <source>Several short examples per row, attention kept inside each (faster on short rows)</source>
        <translation>Nhiều ví dụ ngắn trên một dòng, attention giữ trong từng ví dụ (nhanh hơn với dòng ngắn)</translation>
    </message>
    <message>
        <source>Noise on the embeddings while training (NEFTune); 5 is usual, 0 turns it off</source>
        <translation>Nhiễu trên embedding khi huấn luyện (NEFTune); thường là 5, 0 để tắt</translation>
    </message>
    <message>
        <source>Rank r of the adapters: more is more capacity and more memory</source>
        <translation>Hạng r của adapter: càng lớn càng nhiều khả năng và càng tốn bộ nhớ</translation>
    </message>
    <message>
        <source>Scale of the adapters&apos; update is alpha / r (alpha / sqrt(r) with rslora)</source>
        <translation>Hệ số của phần cập nhật adapter là alpha / r (alpha / sqrt(r) với rslora)</translation>
    </message>
    <message>
        <source>Dropout on the adapters&apos; input while training</source>
        <translation>Dropout trên đầu vào của adapter khi huấn luyện</translation>
    </message>
    <message>
        <source>Linear maps that get adapters, by their Hugging Face names, or all-linear</source>
        <translation>Các ánh xạ tuyến tính được gắn adapter, theo tên Hugging Face, hoặc all-linear</translation>
    </message>
    <message>
        <source>Rank-stabilised scale alpha / sqrt(r)</source>
        <translation>Hệ số ổn định theo hạng alpha / sqrt(r)</translation>
    </message>
    <message>
        <source>LoRA+: learning rate of B over that of A (16 is usual; 1 is plain LoRA)</source>
        <translation>LoRA+: tỉ lệ tốc độ học của B so với A (thường là 16; 1 là LoRA thường)</translation>
    </message>
    <message>
        <source>Preference strength: DPO/IPO/SimPO beta, ORPO&apos;s weight of the odds-ratio term</source>
        <translation>Độ mạnh của ưu tiên: beta của DPO/IPO/SimPO, trọng số của số hạng tỉ số odds trong ORPO</translation>
    </message>
    <message>
        <source>DPO only: assumed share of pairs whose labels are flipped (conservative DPO)</source>
        <translation>Chỉ DPO: tỉ lệ giả định các cặp bị đảo nhãn (DPO thận trọng)</translation>
    </message>
    <message>
        <source>SimPO&apos;s target reward margin</source>
        <translation>Biên phần thưởng mục tiêu của SimPO</translation>
    </message>
    <message>
        <source>Passes over the training rows; sets the number of steps when above 0</source>
        <translation>Số lượt qua các dòng huấn luyện; đặt số bước khi lớn hơn 0</translation>
    </message>
    <message>
        <source>Rows held out for validation when the dataset has no validation split (0: a tenth, at most 200)</source>
        <translation>Số dòng giữ lại để kiểm định khi bộ dữ liệu không có phần kiểm định (0: một phần mười, tối đa 200)</translation>
    </message>
    <message>
        <source>classify: the last transformer blocks that train with the new head and the final norm (0: the head only)</source>
        <translation>classify: số khối transformer cuối được huấn luyện cùng đầu mới và lớp chuẩn hoá cuối (0: chỉ đầu)</translation>
    </message>
</context>
<context>
    <name>lw::ui::finetune::FinetuneFieldLabel</name>
    <message>
        <source>Base model</source>
        <translation>Mô hình gốc</translation>
    </message>
    <message>
        <source>Dataset</source>
        <translation>Bộ dữ liệu</translation>
    </message>
    <message>
        <source>Method</source>
        <translation>Phương pháp</translation>
    </message>
    <message>
        <source>Objective</source>
        <translation>Mục tiêu</translation>
    </message>
    <message>
        <source>Chat template</source>
        <translation>Mẫu hội thoại</translation>
    </message>
    <message>
        <source>Loss on</source>
        <translation>Tính loss trên</translation>
    </message>
    <message>
        <source>Packing</source>
        <translation>Ghép mẫu</translation>
    </message>
    <message>
        <source>NEFTune noise</source>
        <translation>Nhiễu NEFTune</translation>
    </message>
    <message>
        <source>Rank</source>
        <translation>Hạng</translation>
    </message>
    <message>
        <source>Alpha</source>
        <translation>Alpha</translation>
    </message>
    <message>
        <source>Dropout</source>
        <translation>Dropout</translation>
    </message>
    <message>
        <source>Targets</source>
        <translation>Đích</translation>
    </message>
    <message>
        <source>rsLoRA</source>
        <translation>rsLoRA</translation>
    </message>
    <message>
        <source>LoRA+ ratio</source>
        <translation>Tỉ lệ LoRA+</translation>
    </message>
    <message>
        <source>Beta</source>
        <translation>Beta</translation>
    </message>
    <message>
        <source>Label smoothing</source>
        <translation>Làm mượt nhãn</translation>
    </message>
    <message>
        <source>SimPO gamma</source>
        <translation>Gamma SimPO</translation>
    </message>
    <message>
        <source>Epochs</source>
        <translation>Epoch</translation>
    </message>
    <message>
        <source>Validation rows</source>
        <translation>Dòng kiểm định</translation>
    </message>
    <message>
        <source>Trainable blocks</source>
        <translation>Khối được huấn luyện</translation>
    </message>
</context>
<context>
    <name>lw::ui::finetune::FinetuneForm</name>
    <message numerus="yes">
        <source>%1 (%n row(s))</source>
        <translation>
            <numerusform>%1 (%n dòng)</numerusform>
        </translation>
    </message>
    <message>
        <source>What to fine-tune</source>
        <translation>Tinh chỉnh gì</translation>
    </message>
    <message>
        <source>Adapter</source>
        <translation>Adapter</translation>
    </message>
    <message>
        <source>Preference</source>
        <translation>Ưu tiên</translation>
    </message>
    <message>
        <source>Data</source>
        <translation>Dữ liệu</translation>
    </message>
    <message>
        <source>Training</source>
        <translation>Huấn luyện</translation>
    </message>
    <message>
        <source>Answers only</source>
        <translation>Chỉ câu trả lời</translation>
    </message>
    <message>
        <source>Every token</source>
        <translation>Mọi token</translation>
    </message>
    <message>
        <source>All linear maps</source>
        <translation>Mọi ánh xạ tuyến tính</translation>
    </message>
    <message>
        <source>Every linear map of the blocks gets an adapter (the output head does not)</source>
        <translation>Mọi ánh xạ tuyến tính trong các khối đều được gắn adapter (trừ đầu ra)</translation>
    </message>
    <message>
        <source>Adapters on the %1 modules</source>
        <translation>Adapter trên các module %1</translation>
    </message>
    <message>
        <source>off: the steps below</source>
        <translation>tắt: dùng số bước bên dưới</translation>
    </message>
    <message>
        <source>model&apos;s context</source>
        <translation>ngữ cảnh của mô hình</translation>
    </message>
</context>
<context>
    <name>lw::ui::finetune::FinetuneJobs</name>
    <message>
        <source>Fine-tuning the demo model</source>
        <translation>Đang tinh chỉnh mô hình demo</translation>
    </message>
    <message>
        <source>Fine-tuning</source>
        <translation>Đang tinh chỉnh</translation>
    </message>
    <message>
        <source>Fine-tuning on %1</source>
        <translation>Đang tinh chỉnh trên %1</translation>
    </message>
    <message>
        <source>Checking a fine-tune</source>
        <translation>Đang kiểm tra một lần tinh chỉnh</translation>
    </message>
    <message>
        <source>Resuming fine-tune %1</source>
        <translation>Đang tiếp tục lần tinh chỉnh %1</translation>
    </message>
    <message>
        <source>Resuming %1</source>
        <translation>Đang tiếp tục %1</translation>
    </message>
    <message>
        <source>Merging an adapter into %1</source>
        <translation>Đang trộn adapter vào %1</translation>
    </message>
</context>
<context>
    <name>lw::ui::finetune::FinetuneMethods</name>
    <message>
        <source>Full weights</source>
        <translation>Toàn bộ trọng số</translation>
    </message>
    <message>
        <source>LoRA (low-rank adapters)</source>
        <translation>LoRA (adapter hạng thấp)</translation>
    </message>
    <message>
        <source>QLoRA (adapters on a 4-bit base)</source>
        <translation>QLoRA (adapter trên mô hình gốc 4 bit)</translation>
    </message>
    <message>
        <source>DoRA (magnitude and direction)</source>
        <translation>DoRA (độ lớn và hướng)</translation>
    </message>
    <message>
        <source>SFT: learn the answers</source>
        <translation>SFT: học các câu trả lời</translation>
    </message>
    <message>
        <source>DPO: prefer the chosen answer</source>
        <translation>DPO: ưu tiên câu được chọn</translation>
    </message>
    <message>
        <source>IPO: DPO with a bounded margin</source>
        <translation>IPO: DPO với biên bị chặn</translation>
    </message>
    <message>
        <source>ORPO: SFT and preference at once</source>
        <translation>ORPO: SFT và ưu tiên cùng lúc</translation>
    </message>
    <message>
        <source>SimPO: preference without a reference</source>
        <translation>SimPO: ưu tiên không cần tham chiếu</translation>
    </message>
    <message>
        <source>LoRA</source>
        <translation>LoRA</translation>
    </message>
    <message>
        <source>QLoRA</source>
        <translation>QLoRA</translation>
    </message>
    <message>
        <source>DoRA</source>
        <translation>DoRA</translation>
    </message>
    <message>
        <source>full weights</source>
        <translation>toàn bộ trọng số</translation>
    </message>
    <message>
        <source>SFT</source>
        <translation>SFT</translation>
    </message>
    <message>
        <source>DPO</source>
        <translation>DPO</translation>
    </message>
    <message>
        <source>IPO</source>
        <translation>IPO</translation>
    </message>
    <message>
        <source>ORPO</source>
        <translation>ORPO</translation>
    </message>
    <message>
        <source>SimPO</source>
        <translation>SimPO</translation>
    </message>
    <message>
        <source>classification</source>
        <translation>phân loại</translation>
    </message>
    <message>
        <source>Classification: a new head picks a class</source>
        <translation>Phân loại: một đầu mới chọn một lớp</translation>
    </message>
</context>
<context>
    <name>lw::ui::finetune::FinetunePanel</name>
    <message>
        <source>The project&apos;s models could not be read: %1</source>
        <translation>Không đọc được các mô hình của dự án: %1</translation>
    </message>
    <message>
        <source>the worker ended without a report</source>
        <translation>tiến trình làm việc kết thúc mà không có báo cáo</translation>
    </message>
    <message>
        <source>Resume</source>
        <translation>Tiếp tục</translation>
    </message>
    <message>
        <source>Pause</source>
        <translation>Tạm dừng</translation>
    </message>
    <message>
        <source>Start is blocked: %1</source>
        <translation>Không thể bắt đầu: %1</translation>
    </message>
    <message>
        <source>Pick a base model and a dataset (chat rows for SFT, labelled texts for classification, preference pairs otherwise).</source>
        <translation>Hãy chọn mô hình gốc và bộ dữ liệu (dữ liệu hội thoại cho SFT, văn bản có nhãn cho phân loại, các cặp ưu tiên cho mục tiêu khác).</translation>
    </message>
    <message>
        <source>After a run, its answers and the base model&apos;s appear here side by side.</source>
        <translation>Sau một lần chạy, câu trả lời của nó và của mô hình gốc hiện ở đây cạnh nhau.</translation>
    </message>
    <message>
        <source>A full fine-tune&apos;s checkpoint is a model already: it is listed with the others.</source>
        <translation>Checkpoint của lần tinh chỉnh toàn bộ đã là một mô hình: nó được liệt kê cùng các mô hình khác.</translation>
    </message>
    <message>
        <source>The adapter is in %1</source>
        <translation>Adapter nằm ở %1</translation>
    </message>
    <message>
        <source>The project has the demo model: fine-tune it on the demo questions in about a minute, with the method and objective chosen below.</source>
        <translation>Dự án có mô hình demo: hãy tinh chỉnh nó trên các câu hỏi demo trong khoảng một phút, theo phương pháp và mục tiêu chọn bên dưới.</translation>
    </message>
    <message>
        <source>Fine-tune the demo model</source>
        <translation>Tinh chỉnh mô hình demo</translation>
    </message>
    <message>
        <source>Check</source>
        <translation>Kiểm tra</translation>
    </message>
    <message>
        <source>Look at the data, the memory and the time this fine-tune needs, without training</source>
        <translation>Xem dữ liệu, bộ nhớ và thời gian mà lần tinh chỉnh này cần, không huấn luyện</translation>
    </message>
    <message>
        <source>Start</source>
        <translation>Bắt đầu</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Huỷ</translation>
    </message>
    <message>
        <source>Chat with it</source>
        <translation>Trò chuyện với nó</translation>
    </message>
    <message>
        <source>Open Chat with the base model and this adapter</source>
        <translation>Mở Trò chuyện với mô hình gốc và adapter này</translation>
    </message>
    <message>
        <source>Merge adapter into a model…</source>
        <translation>Trộn adapter vào một mô hình…</translation>
    </message>
    <message>
        <source>Write the base model with the adapter merged in as a new model of the project</source>
        <translation>Ghi mô hình gốc đã trộn adapter thành một mô hình mới của dự án</translation>
    </message>
    <message>
        <source>Answers side by side (held-out prompts)</source>
        <translation>Câu trả lời đặt cạnh nhau (câu hỏi được giữ riêng)</translation>
    </message>
    <message>
        <source>Scoring the answers with the base model (the reference)</source>
        <translation>Đang chấm các câu trả lời bằng mô hình gốc (mô hình tham chiếu)</translation>
    </message>
    <message>
        <source>Scoring the answers with the base model: %1 %</source>
        <translation>Đang chấm các câu trả lời bằng mô hình gốc: %1 %</translation>
    </message>
    <message>
        <source>Preparing the dataset for the model: %1 %</source>
        <translation>Đang chuẩn bị bộ dữ liệu cho mô hình: %1 %</translation>
    </message>
    <message>
        <source>Merge adapter into a model</source>
        <translation>Trộn adapter vào một mô hình</translation>
    </message>
    <message>
        <source>Name of the new model in the project:</source>
        <translation>Tên của mô hình mới trong dự án:</translation>
    </message>
    <message>
        <source>Model %1 written: the base with the adapter merged in.</source>
        <translation>Đã ghi mô hình %1: mô hình gốc đã trộn adapter.</translation>
    </message>
    <message>
        <source>The merge failed: %1</source>
        <translation>Trộn thất bại: %1</translation>
    </message>
    <message>
        <source>Answers side by side (held-out prompts): exact answers, base %1 of %3, fine-tuned %2 of %3</source>
        <translation>Câu trả lời cạnh nhau (câu hỏi giữ riêng): đúng ở gốc %1/%3, sau tinh chỉnh %2/%3</translation>
    </message>
    <message>
        <source>A fine-tune is already running here; cancel it or wait for it to end first.</source>
        <translation>Một lần tinh chỉnh đang chạy ở đây; hãy huỷ nó hoặc chờ nó kết thúc trước.</translation>
    </message>
    <message>
        <source>After a run, the classifier&apos;s accuracy and confusion matrices appear here.</source>
        <translation>Sau một lần chạy, độ chính xác và các ma trận nhầm lẫn của bộ phân loại hiện ở đây.</translation>
    </message>
</context>
<context>
    <name>lw::ui::finetune::PreferenceHint</name>
    <message>
        <source>The loss sits at ln 2 = 0.693: the model does not yet prefer either answer. It still gives the chosen and the rejected answer the same odds as the base did. If it stays there, raise the learning rate or train longer; check that chosen and rejected answers really differ.</source>
        <translation>Loss đứng ở ln 2 = 0,693: mô hình chưa ưu tiên câu trả lời nào. Nó vẫn cho câu được chọn và câu bị loại cùng tỉ lệ như mô hình gốc. Nếu cứ đứng yên, hãy tăng tốc độ học hoặc huấn luyện lâu hơn; kiểm tra xem câu được chọn và câu bị loại có thật sự khác nhau không.</translation>
    </message>
    <message>
        <source>The chosen rewards fall: both answers become less likely than under the base, the rejected one faster. This is common with DPO and harmless while the margin grows. If the answers get worse in the side-by-side table, lower beta or the learning rate.</source>
        <translation>Phần thưởng của câu được chọn giảm: cả hai câu đều trở nên ít khả năng hơn so với mô hình gốc, câu bị loại giảm nhanh hơn. Điều này thường gặp với DPO và vô hại khi biên còn tăng. Nếu câu trả lời trong bảng đặt cạnh nhau kém đi, hãy giảm beta hoặc tốc độ học.</translation>
    </message>
</context>
<context>
    <name>lw::ui::evaluate::EvalCharts</name>
    <message>
        <source>training step</source>
        <translation>bước huấn luyện</translation>
    </message>
</context>
<context>
    <name>lw::ui::evaluate::EvalExamplesView</name>
    <message numerus="yes">
        <source>%n example(s)</source>
        <translation>
            <numerusform>%n ví dụ</numerusform>
        </translation>
    </message>
    <message>
        <source>(missing)</source>
        <translation>(thiếu)</translation>
    </message>
    <message>
        <source>%1 against %2: %3 examples, %4 where one is right and the other wrong</source>
        <translation>%1 so với %2: %3 ví dụ, %4 chỗ một bên đúng còn bên kia sai</translation>
    </message>
    <message>
        <source>Only where they disagree</source>
        <translation>Chỉ chỗ chúng khác nhau</translation>
    </message>
    <message>
        <source>Show only the examples one evaluation got right and the other wrong.</source>
        <translation>Chỉ hiện các ví dụ mà một lần đánh giá đúng còn lần kia sai.</translation>
    </message>
    <message>
        <source>#</source>
        <translation>#</translation>
    </message>
    <message>
        <source>Question or prompt</source>
        <translation>Câu hỏi hoặc lời nhắc</translation>
    </message>
    <message>
        <source>Reference</source>
        <translation>Tham chiếu</translation>
    </message>
    <message>
        <source>First</source>
        <translation>Thứ nhất</translation>
    </message>
    <message>
        <source>Second</source>
        <translation>Thứ hai</translation>
    </message>
    <message>
        <source>Scores</source>
        <translation>Điểm</translation>
    </message>
    <message>
        <source>Answer</source>
        <translation>Câu trả lời</translation>
    </message>
    <message>
        <source>Score</source>
        <translation>Điểm</translation>
    </message>
</context>
<context>
    <name>lw::ui::evaluate::EvalForm</name>
    <message>
        <source>Examples (*.jsonl *.json *.csv *.parquet);;All files (*)</source>
        <translation>Ví dụ (*.jsonl *.json *.csv *.parquet);;Mọi tệp (*)</translation>
    </message>
    <message>
        <source>Text (*.txt *.md *.jsonl);;All files (*)</source>
        <translation>Văn bản (*.txt *.md *.jsonl);;Mọi tệp (*)</translation>
    </message>
    <message>
        <source>Choose a file</source>
        <translation>Chọn một tệp</translation>
    </message>
    <message>
        <source>--model %1
%2</source>
        <translation>--model %1
%2</translation>
    </message>
    <message>
        <source>Models to evaluate (one job each, in order):</source>
        <translation>Mô hình cần đánh giá (mỗi cái một việc, lần lượt):</translation>
    </message>
    <message>
        <source>Tick the runs, checkpoints, imports, fine-tunes and merges to evaluate; each is evaluated in turn with the same task and settings.</source>
        <translation>Đánh dấu các lần chạy, điểm lưu, mô hình đã nhập, đã tinh chỉnh và đã trộn cần đánh giá; từng cái được đánh giá lần lượt với cùng tác vụ và thiết lập.</translation>
    </message>
    <message>
        <source>(none: use a text file)</source>
        <translation>(không: dùng tệp văn bản)</translation>
    </message>
    <message>
        <source>model&apos;s context</source>
        <translation>ngữ cảnh của mô hình</translation>
    </message>
    <message>
        <source>default</source>
        <translation>mặc định</translation>
    </message>
    <message>
        <source>all</source>
        <translation>tất cả</translation>
    </message>
    <message>
        <source>a .jsonl file (or, for multiple choice, a dataset)</source>
        <translation>một tệp .jsonl (hoặc, với trắc nghiệm, một tập dữ liệu)</translation>
    </message>
    <message>
        <source>a plain text file</source>
        <translation>một tệp văn bản thuần</translation>
    </message>
    <message>
        <source>default: the model&apos;s chat template</source>
        <translation>mặc định: mẫu hội thoại của mô hình</translation>
    </message>
    <message>
        <source>the server&apos;s model</source>
        <translation>mô hình của máy chủ</translation>
    </message>
    <message>
        <source>Browse…</source>
        <translation>Duyệt…</translation>
    </message>
    <message>
        <source>Task:</source>
        <translation>Tác vụ:</translation>
    </message>
    <message>
        <source>Perplexity: how well the model predicts a text. Multiple choice: accuracy on questions with choices. Generation metrics: exact match, BLEU, chrF and ROUGE of its answers against references. LLM judge: another model scores its answers.</source>
        <translation>Độ bối rối: mô hình đoán một văn bản tốt đến đâu. Trắc nghiệm: độ chính xác trên các câu hỏi có lựa chọn. Chỉ số sinh văn bản: khớp chính xác, BLEU, chrF và ROUGE của câu trả lời so với tham chiếu. Mô hình chấm điểm: một mô hình khác chấm các câu trả lời.</translation>
    </message>
    <message>
        <source>Dataset:</source>
        <translation>Tập dữ liệu:</translation>
    </message>
    <message>
        <source>A dataset of the project whose validation text is scored (--dataset).</source>
        <translation>Một tập dữ liệu của dự án mà văn bản kiểm định của nó được chấm (--dataset).</translation>
    </message>
    <message>
        <source>Text file:</source>
        <translation>Tệp văn bản:</translation>
    </message>
    <message>
        <source>A text file to score instead of a dataset (--text-file).</source>
        <translation>Một tệp văn bản để chấm thay cho tập dữ liệu (--text-file).</translation>
    </message>
    <message>
        <source>Context:</source>
        <translation>Ngữ cảnh:</translation>
    </message>
    <message>
        <source>Tokens the model sees per window (--context); at most its own context length.</source>
        <translation>Số token mô hình thấy trong mỗi cửa sổ (--context); tối đa bằng độ dài ngữ cảnh của nó.</translation>
    </message>
    <message>
        <source>Stride:</source>
        <translation>Bước trượt:</translation>
    </message>
    <message>
        <source>Tokens each window moves on (--stride); smaller than the context, every token is scored with more context before it, at more cost.</source>
        <translation>Số token mỗi cửa sổ dời đi (--stride); nhỏ hơn ngữ cảnh thì mỗi token được chấm với nhiều ngữ cảnh phía trước hơn, tốn công hơn.</translation>
    </message>
    <message>
        <source>Examples:</source>
        <translation>Ví dụ:</translation>
    </message>
    <message>
        <source>The examples to evaluate on (--data): a JSONL file, or for multiple choice a dataset of the project.</source>
        <translation>Các ví dụ dùng để đánh giá (--data): một tệp JSONL, hoặc với trắc nghiệm là một tập dữ liệu của dự án.</translation>
    </message>
    <message>
        <source>Layout:</source>
        <translation>Bố cục:</translation>
    </message>
    <message>
        <source>How the questions are written in the file (--layout): auto finds out from its fields.</source>
        <translation>Cách các câu hỏi được viết trong tệp (--layout): auto tự nhận ra từ các trường.</translation>
    </message>
    <message>
        <source>Shots:</source>
        <translation>Số ví dụ mẫu:</translation>
    </message>
    <message>
        <source>Solved examples put before each question (--shots).</source>
        <translation>Số ví dụ đã giải đặt trước mỗi câu hỏi (--shots).</translation>
    </message>
    <message>
        <source>Seed:</source>
        <translation>Hạt giống:</translation>
    </message>
    <message>
        <source>The seed that picks the solved examples (--seed), for a result that repeats.</source>
        <translation>Hạt giống chọn các ví dụ đã giải (--seed), để kết quả lặp lại được.</translation>
    </message>
    <message>
        <source>Limit:</source>
        <translation>Giới hạn:</translation>
    </message>
    <message>
        <source>Evaluate only the first N examples (--limit); all when left at &quot;all&quot;.</source>
        <translation>Chỉ đánh giá N ví dụ đầu (--limit); để &quot;tất cả&quot; thì đánh giá hết.</translation>
    </message>
    <message>
        <source>Prompt template:</source>
        <translation>Mẫu lời nhắc:</translation>
    </message>
    <message>
        <source>How each example becomes a prompt (--template); {prompt} stands for the example&apos;s prompt.</source>
        <translation>Cách mỗi ví dụ thành một lời nhắc (--template); {prompt} là lời nhắc của ví dụ.</translation>
    </message>
    <message>
        <source>Max new tokens:</source>
        <translation>Số token mới tối đa:</translation>
    </message>
    <message>
        <source>The longest answer the model may write (--max-new-tokens).</source>
        <translation>Câu trả lời dài nhất mô hình được viết (--max-new-tokens).</translation>
    </message>
    <message>
        <source>Judge URL:</source>
        <translation>URL chấm điểm:</translation>
    </message>
    <message>
        <source>The OpenAI-compatible server of the judging model (--judge), e.g. llmwb serve or llama.cpp.</source>
        <translation>Máy chủ tương thích OpenAI của mô hình chấm điểm (--judge), ví dụ llmwb serve hoặc llama.cpp.</translation>
    </message>
    <message>
        <source>Judge model:</source>
        <translation>Mô hình chấm:</translation>
    </message>
    <message>
        <source>The model name sent to the judge&apos;s server (--judge-model).</source>
        <translation>Tên mô hình gửi tới máy chủ chấm điểm (--judge-model).</translation>
    </message>
    <message>
        <source>Rubric:</source>
        <translation>Thang chấm:</translation>
    </message>
    <message>
        <source>How the judge scores (--rubric): mt-bench 1 to 10, mt-bench-pair a win, tie or loss against the reference answer, score-100 0 to 100.</source>
        <translation>Cách chấm điểm (--rubric): mt-bench từ 1 đến 10, mt-bench-pair thắng, hòa hay thua so với câu trả lời tham chiếu, score-100 từ 0 đến 100.</translation>
    </message>
</context>
<context>
    <name>lw::ui::evaluate::EvalResultsTable</name>
    <message>
        <source>--model %1</source>
        <translation>--model %1</translation>
    </message>
    <message>
        <source>Model</source>
        <translation>Mô hình</translation>
    </message>
    <message>
        <source>Task</source>
        <translation>Tác vụ</translation>
    </message>
    <message>
        <source>Data</source>
        <translation>Dữ liệu</translation>
    </message>
    <message>
        <source>Score</source>
        <translation>Điểm</translation>
    </message>
    <message>
        <source>n</source>
        <translation>n</translation>
    </message>
    <message>
        <source>Date</source>
        <translation>Ngày</translation>
    </message>
    <message>
        <source>Duration</source>
        <translation>Thời lượng</translation>
    </message>
    <message>
        <source>The task&apos;s main score ± one standard error: accuracy for multiple choice, perplexity (lower is better), exact match for generation, the judge&apos;s mean score or win rate.</source>
        <translation>Điểm chính của tác vụ ± một sai số chuẩn: độ chính xác với trắc nghiệm, độ bối rối (càng thấp càng tốt), khớp chính xác với sinh văn bản, điểm trung bình hay tỉ lệ thắng của mô hình chấm.</translation>
    </message>
    <message>
        <source>Examples evaluated (tokens scored, for perplexity).</source>
        <translation>Số ví dụ đã đánh giá (số token đã chấm, với độ bối rối).</translation>
    </message>
    <message>
        <source>Run #%1, step %2</source>
        <translation>Lần chạy #%1, bước %2</translation>
    </message>
</context>
<context>
    <name>lw::ui::evaluate::EvaluatePanel</name>
    <message>
        <source>The project&apos;s evaluations could not be read: %1</source>
        <translation>Không đọc được các lần đánh giá của dự án: %1</translation>
    </message>
    <message numerus="yes">
        <source>%1 (run %2, %n checkpoint(s))</source>
        <translation>
            <numerusform>%1 (lần chạy %2, %n điểm lưu)</numerusform>
        </translation>
    </message>
    <message>
        <source>Select an evaluation to read its examples.</source>
        <translation>Chọn một lần đánh giá để đọc các ví dụ của nó.</translation>
    </message>
    <message>
        <source>Select two evaluations of the same task and data to compare them.</source>
        <translation>Chọn hai lần đánh giá cùng tác vụ và cùng dữ liệu để so sánh.</translation>
    </message>
    <message>
        <source>Evaluate each ticked model in turn (Ctrl+Return).</source>
        <translation>Đánh giá lần lượt từng mô hình đã đánh dấu (Ctrl+Return).</translation>
    </message>
    <message>
        <source>Run</source>
        <translation>Chạy</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Hủy</translation>
    </message>
    <message>
        <source>Stop the running evaluation and the ones queued after it (Esc).</source>
        <translation>Dừng lần đánh giá đang chạy và các lần xếp hàng sau nó (Esc).</translation>
    </message>
    <message>
        <source>Delete…</source>
        <translation>Xóa…</translation>
    </message>
    <message>
        <source>Delete the selected evaluations from the project (Delete).</source>
        <translation>Xóa các lần đánh giá đã chọn khỏi dự án (Delete).</translation>
    </message>
    <message>
        <source>Evaluate the checkpoints</source>
        <translation>Đánh giá các điểm lưu</translation>
    </message>
    <message>
        <source>Evaluate each checkpoint of the run with the form&apos;s task and settings, one job each, skipping those already evaluated on the same data.</source>
        <translation>Đánh giá từng điểm lưu của lần chạy với tác vụ và thiết lập của biểu mẫu, mỗi điểm một việc, bỏ qua những điểm đã được đánh giá trên cùng dữ liệu.</translation>
    </message>
    <message>
        <source>Run:</source>
        <translation>Lần chạy:</translation>
    </message>
    <message>
        <source>The run whose checkpoints are charted against the training step.</source>
        <translation>Lần chạy có các điểm lưu được vẽ theo bước huấn luyện.</translation>
    </message>
    <message>
        <source>Task:</source>
        <translation>Tác vụ:</translation>
    </message>
    <message>
        <source>Show only the evaluations of one task.</source>
        <translation>Chỉ hiện các lần đánh giá của một tác vụ.</translation>
    </message>
    <message>
        <source>All tasks</source>
        <translation>Mọi tác vụ</translation>
    </message>
    <message>
        <source>Chart</source>
        <translation>Biểu đồ</translation>
    </message>
    <message>
        <source>The selected evaluations&apos; main score with one standard error.</source>
        <translation>Điểm chính của các lần đánh giá đã chọn kèm một sai số chuẩn.</translation>
    </message>
    <message>
        <source>Examples</source>
        <translation>Ví dụ</translation>
    </message>
    <message>
        <source>Compare</source>
        <translation>So sánh</translation>
    </message>
    <message>
        <source>Two selected evaluations of the same task and data, example by example.</source>
        <translation>Hai lần đánh giá đã chọn cùng tác vụ và cùng dữ liệu, từng ví dụ một.</translation>
    </message>
    <message>
        <source>Checkpoints</source>
        <translation>Điểm lưu</translation>
    </message>
    <message>
        <source>A run&apos;s score against the training step of each checkpoint.</source>
        <translation>Điểm của một lần chạy theo bước huấn luyện của từng điểm lưu.</translation>
    </message>
    <message>
        <source>Run the evaluation</source>
        <translation>Chạy đánh giá</translation>
    </message>
    <message>
        <source>Cancel the evaluations</source>
        <translation>Hủy các lần đánh giá</translation>
    </message>
    <message>
        <source>Delete the selected evaluations</source>
        <translation>Xóa các lần đánh giá đã chọn</translation>
    </message>
    <message>
        <source>Read the evaluations again</source>
        <translation>Đọc lại các lần đánh giá</translation>
    </message>
    <message>
        <source>No evaluation running.</source>
        <translation>Không có lần đánh giá nào đang chạy.</translation>
    </message>
    <message>
        <source>That run has no checkpoints to evaluate.</source>
        <translation>Lần chạy đó không có điểm lưu nào để đánh giá.</translation>
    </message>
    <message>
        <source>Evaluate %1 at step %2 (%3)</source>
        <translation>Đánh giá %1 ở bước %2 (%3)</translation>
    </message>
    <message>
        <source>Every checkpoint of %1 is already evaluated with this task on this data.</source>
        <translation>Mọi điểm lưu của %1 đã được đánh giá với tác vụ này trên dữ liệu này.</translation>
    </message>
    <message>
        <source>Evaluation %1 stored.</source>
        <translation>Đã lưu lần đánh giá %1.</translation>
    </message>
    <message>
        <source>%1 failed: %2</source>
        <translation>%1 thất bại: %2</translation>
    </message>
    <message>
        <source>Cancelled: %1 done, the rest not run.</source>
        <translation>Đã hủy: xong %1, phần còn lại không chạy.</translation>
    </message>
    <message>
        <source>Done: %1 stored, %2 failed.</source>
        <translation>Xong: lưu %1, thất bại %2.</translation>
    </message>
    <message>
        <source>Evaluation %1 could not be deleted: %2</source>
        <translation>Không xóa được lần đánh giá %1: %2</translation>
    </message>
    <message>
        <source>Delete evaluations</source>
        <translation>Xóa các lần đánh giá</translation>
    </message>
    <message numerus="yes">
        <source>Delete %n evaluation(s) and their per-example results from the project? This cannot be undone.</source>
        <translation>
            <numerusform>Xóa %n lần đánh giá cùng kết quả từng ví dụ của chúng khỏi dự án? Không thể hoàn tác.</numerusform>
        </translation>
    </message>
    <message>
        <source>Delete</source>
        <translation>Xóa</translation>
    </message>
    <message>
        <source>By subject</source>
        <translation>Theo chủ đề</translation>
    </message>
    <message>
        <source>A multiple-choice evaluation&apos;s accuracy per subject; several of the same data side by side.</source>
        <translation>Độ chính xác theo chủ đề của một lần đánh giá trắc nghiệm; nhiều lần đánh giá cùng dữ liệu đặt cạnh nhau.</translation>
    </message>
</context>
<context>
    <name>lw::ui::evaluate::EvalCommandLine</name>
    <message>
        <source>Evaluate %1 (%2)</source>
        <translation>Đánh giá %1 (%2)</translation>
    </message>
    <message>
        <source>Open a project first.</source>
        <translation>Hãy mở một dự án trước.</translation>
    </message>
    <message>
        <source>Tick at least one model.</source>
        <translation>Hãy đánh dấu ít nhất một mô hình.</translation>
    </message>
    <message>
        <source>Choose a dataset or a text file.</source>
        <translation>Hãy chọn một tập dữ liệu hoặc một tệp văn bản.</translation>
    </message>
    <message>
        <source>Choose the examples file.</source>
        <translation>Hãy chọn tệp ví dụ.</translation>
    </message>
    <message>
        <source>Give the judge&apos;s URL.</source>
        <translation>Hãy nhập URL của mô hình chấm điểm.</translation>
    </message>
</context>
<context>
    <name>lw::ui::evaluate::EvalScores</name>
    <message>
        <source>Perplexity</source>
        <translation>Độ bối rối</translation>
    </message>
    <message>
        <source>Multiple choice</source>
        <translation>Trắc nghiệm</translation>
    </message>
    <message>
        <source>Generation metrics</source>
        <translation>Chỉ số sinh văn bản</translation>
    </message>
    <message>
        <source>LLM judge</source>
        <translation>Mô hình chấm điểm</translation>
    </message>
    <message>
        <source>Tokens %1 to %2</source>
        <translation>Token %1 đến %2</translation>
    </message>
    <message>
        <source>%1 nats/token</source>
        <translation>%1 nat/token</translation>
    </message>
    <message>
        <source>Question %1</source>
        <translation>Câu %1</translation>
    </message>
    <message>
        <source>%1, question %2</source>
        <translation>%1, câu %2</translation>
    </message>
    <message>
        <source>log p %1</source>
        <translation>log p %1</translation>
    </message>
    <message>
        <source>unparsed</source>
        <translation>không đọc được</translation>
    </message>
    <message>
        <source>Quantization report</source>
        <translation>Báo cáo lượng tử hóa</translation>
    </message>
    <message>
        <source>%1: acc %2 (n = %3)</source>
        <translation>%1: độ chính xác %2 (n = %3)</translation>
    </message>
</context>
<context>
    <name>lw::ui::quantize::QuantizeMethods</name>
    <message>
        <source>Round to nearest</source>
        <translation>Làm tròn gần nhất</translation>
    </message>
    <message>
        <source>Calibrated</source>
        <translation>Có hiệu chỉnh</translation>
    </message>
    <message>
        <source>Pruning</source>
        <translation>Tỉa trọng số</translation>
    </message>
    <message>
        <source>8 bits per weight in blocks of 32 with one scale: almost lossless, half the size of 16-bit.</source>
        <translation>8 bit mỗi trọng số, khối 32 với một hệ số tỉ lệ: gần như không mất mát, bằng nửa kích thước 16 bit.</translation>
    </message>
    <message>
        <source>6-bit K-quant (blocks of 256 with 8-bit sub-block scales): close to the original.</source>
        <translation>K-quant 6 bit (khối 256, tỉ lệ khối con 8 bit): gần với bản gốc.</translation>
    </message>
    <message>
        <source>llama.cpp&apos;s Q5_K_M mix: Q5_K, with Q6_K for the attention values, half the feed-forward outputs and the output layer.</source>
        <translation>Tổ hợp Q5_K_M của llama.cpp: Q5_K, với Q6_K cho value của attention, một nửa đầu ra feed-forward và lớp đầu ra.</translation>
    </message>
    <message>
        <source>llama.cpp&apos;s Q5_K_S mix: Q5_K almost everywhere.</source>
        <translation>Tổ hợp Q5_K_S của llama.cpp: Q5_K gần như khắp nơi.</translation>
    </message>
    <message>
        <source>Every matrix as Q5_K (5 bits, blocks of 256).</source>
        <translation>Mọi ma trận ở dạng Q5_K (5 bit, khối 256).</translation>
    </message>
    <message>
        <source>5 bits in blocks of 32 with a scale and a minimum.</source>
        <translation>5 bit, khối 32 với một hệ số tỉ lệ và một giá trị nhỏ nhất.</translation>
    </message>
    <message>
        <source>5 bits in blocks of 32 with one scale.</source>
        <translation>5 bit, khối 32 với một hệ số tỉ lệ.</translation>
    </message>
    <message>
        <source>llama.cpp&apos;s Q4_K_M mix, the usual choice: Q4_K, with Q6_K for the attention values, half the feed-forward outputs and the output layer.</source>
        <translation>Tổ hợp Q4_K_M của llama.cpp, lựa chọn thông dụng: Q4_K, với Q6_K cho value của attention, một nửa đầu ra feed-forward và lớp đầu ra.</translation>
    </message>
    <message>
        <source>llama.cpp&apos;s Q4_K_S mix: Q4_K almost everywhere; smaller than Q4_K_M, a little worse.</source>
        <translation>Tổ hợp Q4_K_S của llama.cpp: Q4_K gần như khắp nơi; nhỏ hơn Q4_K_M, kém hơn một chút.</translation>
    </message>
    <message>
        <source>Every matrix as Q4_K (4 bits, blocks of 256 with 6-bit sub-block scales and minimums).</source>
        <translation>Mọi ma trận ở dạng Q4_K (4 bit, khối 256 với tỉ lệ và giá trị nhỏ nhất 6 bit cho khối con).</translation>
    </message>
    <message>
        <source>4 bits in blocks of 32 with a scale and a minimum.</source>
        <translation>4 bit, khối 32 với một hệ số tỉ lệ và một giá trị nhỏ nhất.</translation>
    </message>
    <message>
        <source>4 bits in blocks of 32 with one scale: the smallest legacy format.</source>
        <translation>4 bit, khối 32 với một hệ số tỉ lệ: định dạng cũ nhỏ nhất.</translation>
    </message>
    <message>
        <source>8-bit integers with one scale per output row.</source>
        <translation>Số nguyên 8 bit với một hệ số tỉ lệ cho mỗi hàng đầu ra.</translation>
    </message>
    <message>
        <source>4-bit NormalFloat with double-quantised block scales, as QLoRA stores its base model.</source>
        <translation>NormalFloat 4 bit với tỉ lệ khối được lượng tử hóa kép, như QLoRA lưu mô hình gốc.</translation>
    </message>
    <message>
        <source>Zero the smallest weights of each row until the sparsity is reached.</source>
        <translation>Đặt về 0 các trọng số nhỏ nhất của mỗi hàng cho đến khi đạt độ thưa.</translation>
    </message>
    <message>
        <source>Wanda: zero the weights with the smallest |weight| times input norm, row by row.</source>
        <translation>Wanda: đặt về 0 các trọng số có |trọng số| nhân chuẩn đầu vào nhỏ nhất, theo từng hàng.</translation>
    </message>
    <message>
        <source>2:4 semi-structured: in every 4 consecutive weights keep the 2 that matter most.</source>
        <translation>Bán cấu trúc 2:4: trong mỗi 4 trọng số liên tiếp giữ lại 2 trọng số quan trọng nhất.</translation>
    </message>
    <message>
        <source>Remove the least important attention heads, the same number in every layer: the model gets smaller.</source>
        <translation>Gỡ bỏ các đầu attention ít quan trọng nhất, cùng số lượng ở mọi lớp: mô hình nhỏ lại.</translation>
    </message>
    <message>
        <source>Remove the least important feed-forward channels, the same number in every layer.</source>
        <translation>Bỏ các kênh feed-forward ít quan trọng nhất, cùng số lượng ở mọi lớp.</translation>
    </message>
    <message>
        <source>GPTQ into %1 blocks: rounds each matrix column by column and corrects the error on the calibration activations; choose it for the best quality at a given size.</source>
        <translation>GPTQ sang khối %1: làm tròn từng cột của mỗi ma trận và bù sai số trên các kích hoạt hiệu chỉnh; chọn khi cần chất lượng tốt nhất ở một kích thước cho trước.</translation>
    </message>
    <message>
        <source>AWQ into %1 blocks: protects the input channels that meet large activations before rounding; choose it when GPTQ is too slow for the model.</source>
        <translation>AWQ sang khối %1: bảo vệ các kênh đầu vào gặp kích hoạt lớn trước khi làm tròn; chọn khi GPTQ quá chậm với mô hình.</translation>
    </message>
</context>
<context>
    <name>lw::ui::quantize::QuantizeCommandLine</name>
    <message>
        <source>Prune %1 (%2)</source>
        <translation>Tỉa %1 (%2)</translation>
    </message>
    <message>
        <source>Quantize %1 (%2)</source>
        <translation>Lượng tử hóa %1 (%2)</translation>
    </message>
    <message>
        <source>Measure %1 against %2</source>
        <translation>Đo %1 so với %2</translation>
    </message>
    <message>
        <source>Open a project first.</source>
        <translation>Hãy mở một dự án trước.</translation>
    </message>
    <message>
        <source>Choose the model to quantize.</source>
        <translation>Chọn mô hình cần lượng tử hóa.</translation>
    </message>
    <message>
        <source>Choose a method.</source>
        <translation>Chọn một phương pháp.</translation>
    </message>
    <message>
        <source>Name the new model.</source>
        <translation>Đặt tên cho mô hình mới.</translation>
    </message>
    <message>
        <source>This method needs a calibration dataset.</source>
        <translation>Phương pháp này cần một tập dữ liệu hiệu chỉnh.</translation>
    </message>
</context>
<context>
    <name>lw::ui::quantize::QuantReportCharts</name>
    <message>
        <source>original</source>
        <translation>bản gốc</translation>
    </message>
    <message>
        <source>quantized or pruned</source>
        <translation>đã lượng tử hóa hoặc tỉa</translation>
    </message>
    <message>
        <source>size on disk (MB)</source>
        <translation>kích thước trên đĩa (MB)</translation>
    </message>
    <message>
        <source>perplexity (lower is better)</source>
        <translation>perplexity (càng thấp càng tốt)</translation>
    </message>
    <message>
        <source>relative error ‖Wq − W‖ / ‖W‖</source>
        <translation>sai số tương đối ‖Wq − W‖ / ‖W‖</translation>
    </message>
</context>
<context>
    <name>lw::ui::quantize::QuantizeForm</name>
    <message>
        <source>Choose a text file</source>
        <translation>Chọn một tệp văn bản</translation>
    </message>
    <message>
        <source>Text (*.txt *.md *.jsonl);;All files (*)</source>
        <translation>Văn bản (*.txt *.md *.jsonl);;Mọi tệp (*)</translation>
    </message>
    <message>
        <source>(a text file)</source>
        <translation>(một tệp văn bản)</translation>
    </message>
    <message>
        <source>The model&apos;s size is not known before it is read.</source>
        <translation>Chưa biết kích thước mô hình trước khi đọc nó.</translation>
    </message>
    <message>
        <source>Expected: about %1 on disk and in memory, %2 bits per weight.</source>
        <translation>Dự kiến: khoảng %1 trên đĩa và trong bộ nhớ, %2 bit mỗi trọng số.</translation>
    </message>
    <message>
        <source>The original: %1.</source>
        <translation>Bản gốc: %1.</translation>
    </message>
    <message>
        <source>Model:</source>
        <translation>Mô hình:</translation>
    </message>
    <message>
        <source>The model to quantize or prune: a run&apos;s checkpoint or a model of the project.</source>
        <translation>Mô hình cần lượng tử hóa hoặc tỉa: một điểm lưu của lần chạy hoặc một mô hình của dự án.</translation>
    </message>
    <message>
        <source>Method:</source>
        <translation>Phương pháp:</translation>
    </message>
    <message>
        <source>New model:</source>
        <translation>Mô hình mới:</translation>
    </message>
    <message>
        <source>The name the quantized or pruned model gets in the project.</source>
        <translation>Tên của mô hình đã lượng tử hóa hoặc tỉa trong dự án.</translation>
    </message>
    <message>
        <source>Calibration data:</source>
        <translation>Dữ liệu hiệu chỉnh:</translation>
    </message>
    <message>
        <source>A dataset of the project whose text shows the method the model&apos;s typical activations.</source>
        <translation>Một tập dữ liệu của dự án mà văn bản cho phương pháp thấy các kích hoạt điển hình của mô hình.</translation>
    </message>
    <message>
        <source>Calibration samples:</source>
        <translation>Số mẫu hiệu chỉnh:</translation>
    </message>
    <message>
        <source>default (128)</source>
        <translation>mặc định (128)</translation>
    </message>
    <message>
        <source>Sequences of calibration text to run through the model; more is slower and steadier.</source>
        <translation>Số chuỗi văn bản hiệu chỉnh chạy qua mô hình; nhiều hơn thì chậm hơn và ổn định hơn.</translation>
    </message>
    <message>
        <source>Sparsity:</source>
        <translation>Độ thưa:</translation>
    </message>
    <message>
        <source>The share of each matrix&apos;s weights set to zero.</source>
        <translation>Tỉ lệ trọng số của mỗi ma trận bị đặt về 0.</translation>
    </message>
    <message>
        <source>Heads to remove:</source>
        <translation>Số đầu cần bỏ:</translation>
    </message>
    <message>
        <source>Channels to remove:</source>
        <translation>Số kênh cần bỏ:</translation>
    </message>
    <message>
        <source>Feed-forward channels removed from every layer.</source>
        <translation>Số kênh feed-forward bị bỏ khỏi mỗi lớp.</translation>
    </message>
    <message>
        <source>&lt;b&gt;Quality report&lt;/b&gt;</source>
        <translation>&lt;b&gt;Báo cáo chất lượng&lt;/b&gt;</translation>
    </message>
    <message>
        <source>Measure the new model against the original</source>
        <translation>Đo mô hình mới so với bản gốc</translation>
    </message>
    <message>
        <source>Perplexity, KL divergence and top-1 agreement on the data below, per-matrix error, size and speed, stored with the model.</source>
        <translation>Perplexity, độ lệch KL và tỉ lệ trùng top-1 trên dữ liệu bên dưới, sai số từng ma trận, kích thước và tốc độ, lưu cùng mô hình.</translation>
    </message>
    <message>
        <source>Dataset:</source>
        <translation>Tập dữ liệu:</translation>
    </message>
    <message>
        <source>Held-out text to measure on; choose none to use a text file.</source>
        <translation>Văn bản để riêng dùng để đo; không chọn để dùng một tệp văn bản.</translation>
    </message>
    <message>
        <source>Text file:</source>
        <translation>Tệp văn bản:</translation>
    </message>
    <message>
        <source>Browse…</source>
        <translation>Duyệt…</translation>
    </message>
    <message>
        <source>Context:</source>
        <translation>Ngữ cảnh:</translation>
    </message>
    <message>
        <source>the model&apos;s</source>
        <translation>của mô hình</translation>
    </message>
    <message>
        <source>Tokens per window when measuring perplexity.</source>
        <translation>Số token mỗi cửa sổ khi đo perplexity.</translation>
    </message>
    <message>
        <source>Importance:</source>
        <translation>Độ quan trọng:</translation>
    </message>
    <message>
        <source>From the calibration data</source>
        <translation>Từ dữ liệu hiệu chỉnh</translation>
    </message>
    <message>
        <source>Computes an importance matrix from the calibration data, as llama-imatrix does, so that weights meeting large activations are rounded more carefully.</source>
        <translation>Tính ma trận độ quan trọng từ dữ liệu hiệu chỉnh như llama-imatrix, để các trọng số gặp kích hoạt lớn được làm tròn cẩn thận hơn.</translation>
    </message>
    <message>
        <source>Damping:</source>
        <translation>Hệ số giảm chấn:</translation>
    </message>
    <message>
        <source>GPTQ: the share of the mean Hessian diagonal added to it; raise it if quantization fails on a singular Hessian.</source>
        <translation>GPTQ: tỉ lệ của trung bình đường chéo Hessian được cộng thêm vào nó; tăng lên nếu lượng tử hóa thất bại vì Hessian suy biến.</translation>
    </message>
    <message>
        <source>Order:</source>
        <translation>Thứ tự:</translation>
    </message>
    <message>
        <source>Largest activations first (act-order)</source>
        <translation>Kích hoạt lớn nhất trước (act-order)</translation>
    </message>
    <message>
        <source>GPTQ: quantizes the columns with the largest activations first, which usually lowers the error.</source>
        <translation>GPTQ: lượng tử hóa trước các cột có kích hoạt lớn nhất, thường làm giảm sai số.</translation>
    </message>
    <message>
        <source>Importance file:</source>
        <translation>Tệp độ quan trọng:</translation>
    </message>
    <message>
        <source>An importance matrix made earlier (llama-imatrix or llmwb), used instead of computing one from calibration data.</source>
        <translation>Một ma trận độ quan trọng đã tạo trước (bằng llama-imatrix hoặc llmwb), dùng thay cho việc tính từ dữ liệu hiệu chỉnh.</translation>
    </message>
    <message>
        <source>Choose an importance matrix</source>
        <translation>Chọn ma trận độ quan trọng</translation>
    </message>
    <message>
        <source>Importance matrices (*.dat *.gguf);;All files (*)</source>
        <translation>Ma trận độ quan trọng (*.dat *.gguf);;Mọi tệp (*)</translation>
    </message>
    <message>
        <source>(none)</source>
        <translation>(không có)</translation>
    </message>
    <message>
        <source>What Run starts, as the command line would do it (in the project&apos;s folder).</source>
        <translation>Lệnh mà Chạy khởi động, như khi gõ trên dòng lệnh (trong thư mục của dự án).</translation>
    </message>
    <message>
        <source>Attention heads removed from every layer: the model gets smaller and faster. With grouped-query attention, a multiple of the key/value heads (each group loses as many).</source>
        <translation>Số đầu attention bị bỏ khỏi mỗi lớp: mô hình nhỏ hơn và nhanh hơn. Với grouped-query attention, là bội của số đầu key/value (mỗi nhóm mất số đầu như nhau).</translation>
    </message>
</context>
<context>
    <name>lw::ui::quantize::QuantReportTable</name>
    <message>
        <source>Report #%1: %2 measured against %3</source>
        <translation>Báo cáo #%1: %2 đo so với %3</translation>
    </message>
    <message>
        <source>Model</source>
        <translation>Mô hình</translation>
    </message>
    <message>
        <source>Size (MB)</source>
        <translation>Kích thước (MB)</translation>
    </message>
    <message>
        <source>Bits/weight</source>
        <translation>Bit/trọng số</translation>
    </message>
    <message>
        <source>Perplexity</source>
        <translation>Perplexity</translation>
    </message>
    <message>
        <source>Change (%)</source>
        <translation>Thay đổi (%)</translation>
    </message>
    <message>
        <source>Mean KL</source>
        <translation>KL trung bình</translation>
    </message>
    <message>
        <source>Same top-1 (%)</source>
        <translation>Trùng top-1 (%)</translation>
    </message>
    <message>
        <source>Decode (tok/s)</source>
        <translation>Sinh (token/s)</translation>
    </message>
    <message>
        <source>Prefill (tok/s)</source>
        <translation>Prefill (token/s)</translation>
    </message>
    <message>
        <source>The model&apos;s file size.</source>
        <translation>Kích thước tệp của mô hình.</translation>
    </message>
    <message>
        <source>Bits per weight of the matrices.</source>
        <translation>Số bit mỗi trọng số của các ma trận.</translation>
    </message>
    <message>
        <source>Perplexity on the report&apos;s data; lower is better.</source>
        <translation>Perplexity trên dữ liệu của báo cáo; càng thấp càng tốt.</translation>
    </message>
    <message>
        <source>Perplexity relative to the original model&apos;s on the same tokens.</source>
        <translation>Perplexity so với của mô hình gốc trên cùng các token.</translation>
    </message>
    <message>
        <source>Mean KL divergence of the next-token distribution from the original&apos;s; 0 is identical.</source>
        <translation>Độ lệch KL trung bình của phân phối token kế tiếp so với bản gốc; 0 là giống hệt.</translation>
    </message>
    <message>
        <source>How often the most likely next token is the original&apos;s.</source>
        <translation>Tần suất token kế tiếp có khả năng nhất trùng với bản gốc.</translation>
    </message>
    <message>
        <source>Generation speed on this machine, tokens per second.</source>
        <translation>Tốc độ sinh trên máy này, token mỗi giây.</translation>
    </message>
    <message>
        <source>Prompt processing speed on this machine, tokens per second.</source>
        <translation>Tốc độ xử lý lời nhắc trên máy này, token mỗi giây.</translation>
    </message>
</context>
<context>
    <name>lw::ui::quantize::QuantizePanel</name>
    <message>
        <source>The project could not be read: %1</source>
        <translation>Không đọc được dự án: %1</translation>
    </message>
    <message>
        <source>All originals</source>
        <translation>Mọi bản gốc</translation>
    </message>
    <message>
        <source>Select a report to see the error of each matrix.</source>
        <translation>Chọn một báo cáo để xem sai số của từng ma trận.</translation>
    </message>
    <message>
        <source>matrices of %1</source>
        <translation>các ma trận của %1</translation>
    </message>
    <message>
        <source>%1 written.</source>
        <translation>Đã ghi %1.</translation>
    </message>
    <message>
        <source>%1 failed: %2</source>
        <translation>%1 thất bại: %2</translation>
    </message>
    <message>
        <source>Cancelled: %1 step(s) done, the rest not run.</source>
        <translation>Đã hủy: xong %1 bước, phần còn lại không chạy.</translation>
    </message>
    <message>
        <source>Done: %1 step(s) succeeded, %2 failed.</source>
        <translation>Xong: %1 bước thành công, %2 thất bại.</translation>
    </message>
    <message>
        <source>Write the new model, then measure it (Ctrl+Return).</source>
        <translation>Ghi mô hình mới rồi đo nó (Ctrl+Return).</translation>
    </message>
    <message>
        <source>Run</source>
        <translation>Chạy</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Hủy</translation>
    </message>
    <message>
        <source>Stop the running step; a model being written is not kept (Esc).</source>
        <translation>Dừng bước đang chạy; mô hình đang ghi dở không được giữ lại (Esc).</translation>
    </message>
    <message>
        <source>Original:</source>
        <translation>Bản gốc:</translation>
    </message>
    <message>
        <source>Compare the quantizations of one original model.</source>
        <translation>So sánh các bản lượng tử hóa của một mô hình gốc.</translation>
    </message>
    <message>
        <source>Size and perplexity</source>
        <translation>Kích thước và perplexity</translation>
    </message>
    <message>
        <source>Each report&apos;s size on disk against its perplexity, the original included.</source>
        <translation>Kích thước trên đĩa của mỗi báo cáo so với perplexity, kể cả bản gốc.</translation>
    </message>
    <message>
        <source>Error per matrix</source>
        <translation>Sai số từng ma trận</translation>
    </message>
    <message>
        <source>The selected report&apos;s relative weight error of every matrix, layer by layer.</source>
        <translation>Sai số trọng số tương đối của mọi ma trận trong báo cáo đã chọn, theo từng lớp.</translation>
    </message>
    <message>
        <source>Quantize</source>
        <translation>Lượng tử hóa</translation>
    </message>
    <message>
        <source>Cancel the quantization</source>
        <translation>Hủy lượng tử hóa</translation>
    </message>
    <message>
        <source>Read the reports again</source>
        <translation>Đọc lại các báo cáo</translation>
    </message>
    <message>
        <source>Nothing running.</source>
        <translation>Không có gì đang chạy.</translation>
    </message>
</context>
<context>
    <name>lw::ui::evaluate::QueueProgressView</name>
    <message>
        <source>Job %1 of %2: %3</source>
        <translation>Việc %1/%2: %3</translation>
    </message>
    <message>
        <source>Job %1 of %2: %3 %</source>
        <translation>Việc %1/%2: %3 %</translation>
    </message>
    <message>
        <source>, %1 left</source>
        <translation>, còn %1</translation>
    </message>
    <message>
        <source>All jobs: %1 %</source>
        <translation>Tất cả: %1 %</translation>
    </message>
</context>
<context>
    <name>lw::ui::ProcessesSection</name>
    <message>
        <source>Processes</source>
        <translation>Tiến trình</translation>
    </message>
    <message>
        <source>On this computer</source>
        <translation>Trên máy này</translation>
    </message>
    <message>
        <source>Worker processes that train the run together on this computer (%1 cores here). Each trains its share of every batch and the gradients are averaged, so the batch size keeps its meaning. With more than one, give each process a share of the cores (Preferences, threads).</source>
        <translation>Số tiến trình cùng huấn luyện lần chạy trên máy này (máy có %1 lõi). Mỗi tiến trình huấn luyện phần của mình trong mỗi batch và gradient được lấy trung bình, nên kích thước batch giữ nguyên ý nghĩa. Khi dùng nhiều hơn một, hãy chia lõi cho từng tiến trình (Tùy chọn, số luồng).</translation>
    </message>
    <message>
        <source>Nodes (several computers)</source>
        <translation>Nút (nhiều máy)</translation>
    </message>
    <message>
        <source>Train over several computers: start the same run on each with its own node rank; they meet at the master address.</source>
        <translation>Huấn luyện trên nhiều máy: khởi động cùng lần chạy trên mỗi máy với thứ hạng nút riêng; các máy gặp nhau tại địa chỉ master.</translation>
    </message>
    <message>
        <source>Nodes</source>
        <translation>Số nút</translation>
    </message>
    <message>
        <source>Computers taking part, each running the same number of processes.</source>
        <translation>Số máy tham gia, mỗi máy chạy cùng số tiến trình.</translation>
    </message>
    <message>
        <source>This node's rank</source>
        <translation>Thứ hạng nút này</translation>
    </message>
    <message>
        <source>This computer's number among the nodes, from 0. Node 0 serves the rendezvous and alone writes the run to its project.</source>
        <translation>Số thứ tự của máy này trong các nút, bắt đầu từ 0. Nút 0 phục vụ điểm hẹn và là nút duy nhất ghi lần chạy vào dự án.</translation>
    </message>
    <message>
        <source>Master address</source>
        <translation>Địa chỉ master</translation>
    </message>
    <message>
        <source>The address of node 0, which every node must reach (a host name or IP).</source>
        <translation>Địa chỉ của nút 0, mà mọi nút phải kết nối được (tên máy hoặc IP).</translation>
    </message>
    <message>
        <source>Master port</source>
        <translation>Cổng master</translation>
    </message>
    <message>
        <source>Automatic</source>
        <translation>Tự động</translation>
    </message>
    <message>
        <source>The port node 0 listens on for the rendezvous. Automatic: a free port on one computer, 29500 over several.</source>
        <translation>Cổng nút 0 lắng nghe cho điểm hẹn. Tự động: một cổng trống khi chỉ có một máy, 29500 khi có nhiều máy.</translation>
    </message>
    <message>
        <source>Resume continues run #%1 with this count (its last session: %2).</source>
        <translation>Tiếp tục: lần chạy #%1 sẽ chạy với số tiến trình này (phiên gần nhất: %2).</translation>
    </message>
    <message>
        <source>The run goes on from its last checkpoint with each process training an equal share of every batch, so the losses stay those of the same run to float rounding. With dropout each process draws its own masks, so on another count the resumed steps are not bit-exact with a run that was never stopped.</source>
        <translation>Lần chạy tiếp tục từ checkpoint gần nhất, mỗi tiến trình huấn luyện một phần bằng nhau của mỗi batch, nên loss vẫn là của cùng lần chạy đó, chỉ sai khác do làm tròn số thực. Khi có dropout, mỗi tiến trình tự rút mặt nạ của mình, nên với số tiến trình khác, các bước chạy tiếp không trùng khớp từng bit với một lần chạy chưa từng dừng.</translation>
    </message>
</context>
<context>
    <name>lw::ui::DistributedSettings</name>
    <message>
        <source>This node's rank (%1) must be below the number of nodes (%2): the nodes are numbered from 0.</source>
        <translation>Thứ hạng của nút này (%1) phải nhỏ hơn số nút (%2): các nút được đánh số từ 0.</translation>
    </message>
    <message>
        <source>Give the master address: the address of node 0, which every node can reach.</source>
        <translation>Hãy nhập địa chỉ master: địa chỉ của nút 0, mà mọi nút đều kết nối được.</translation>
    </message>
    <message>
        <source>The batch size (%1) must be a multiple of the number of processes (%2): each process trains an equal share of every batch.</source>
        <translation>Kích thước batch (%1) phải là bội số của số tiến trình (%2): mỗi tiến trình huấn luyện một phần bằng nhau của mỗi batch.</translation>
    </message>
</context>
<context>
    <name>lw::ui::finetune::SavedFinetuneSetup</name>
    <message>
        <source>the Fine-tune panel</source>
        <translation>bảng Tinh chỉnh</translation>
    </message>
</context>
<context>
    <name>lw::ui::TrainCheckSection</name>
    <message>
        <source>the worker ended without a report</source>
        <translation>tiến trình làm việc kết thúc mà không có báo cáo</translation>
    </message>
    <message>
        <source>Error: %1</source>
        <translation>Lỗi: %1</translation>
    </message>
    <message>
        <source>Warning: %1</source>
        <translation>Cảnh báo: %1</translation>
    </message>
    <message>
        <source>The dataset&apos;s tokenizer has %1 tokens, more than the model&apos;s vocabulary of %2: raise the vocabulary size.</source>
        <translation>Bộ tách từ của bộ dữ liệu có %1 token, nhiều hơn từ vựng %2 của mô hình: hãy tăng kích thước từ vựng.</translation>
    </message>
    <message>
        <source>The model&apos;s vocabulary of %1 is much larger than the tokenizer&apos;s %2 tokens: the extra embedding rows never train.</source>
        <translation>Từ vựng %1 của mô hình lớn hơn nhiều so với %2 token của bộ tách từ: các hàng embedding thừa không bao giờ được huấn luyện.</translation>
    </message>
    <message>
        <source>The training split has %1 tokens, fewer than one sequence of %2: add text or lower the context.</source>
        <translation>Phần huấn luyện có %1 token, ít hơn một chuỗi %2 token: hãy thêm văn bản hoặc giảm ngữ cảnh.</translation>
    </message>
    <message>
        <source>The dataset holds fewer sequences than one batch: every batch repeats them.</source>
        <translation>Bộ dữ liệu có ít chuỗi hơn một lô: lô nào cũng lặp lại chúng.</translation>
    </message>
    <message>
        <source>The run passes over the data %1 times: the model will memorise it. Add text or train fewer steps.</source>
        <translation>Lần chạy đi qua dữ liệu %1 lần: mô hình sẽ học thuộc lòng nó. Hãy thêm văn bản hoặc huấn luyện ít bước hơn.</translation>
    </message>
    <message>
        <source>The run sees only %1 % of the training tokens; more steps would use all of them.</source>
        <translation>Lần chạy chỉ thấy %1 % số token huấn luyện; nhiều bước hơn sẽ dùng hết chúng.</translation>
    </message>
    <message>
        <source>The context of %1 tokens is much longer than the documents: most sequences join several of them.</source>
        <translation>Ngữ cảnh %1 token dài hơn nhiều so với các văn bản: phần lớn chuỗi ghép nhiều văn bản lại.</translation>
    </message>
    <message>
        <source>The learning rate is far from the usual range for a model of this size.</source>
        <translation>Tốc độ học nằm xa khoảng thường dùng cho mô hình cỡ này.</translation>
    </message>
    <message>
        <source>The warm-up is longer than the run: the learning rate never reaches its peak.</source>
        <translation>Khởi động dài hơn cả lần chạy: tốc độ học không bao giờ đạt đỉnh.</translation>
    </message>
    <message>
        <source>The checkpoint interval is longer than the run: only the final checkpoint is written.</source>
        <translation>Khoảng lưu checkpoint dài hơn lần chạy: chỉ checkpoint cuối được ghi.</translation>
    </message>
    <message>
        <source>Check</source>
        <translation>Kiểm tra</translation>
    </message>
    <message>
        <source>Look at the dataset, the settings, and the memory, time and disk this run needs, without starting it (llmwb train --check)</source>
        <translation>Xem bộ dữ liệu, các thiết lập, cùng bộ nhớ, thời gian và dung lượng đĩa lần chạy này cần, mà không bắt đầu nó (llmwb train --check)</translation>
    </message>
    <message>
        <source>Checking the dataset and timing a few steps…</source>
        <translation>Đang kiểm tra bộ dữ liệu và đo thời gian vài bước…</translation>
    </message>
    <message>
        <source>The check could not run: %1</source>
        <translation>Không chạy được phần kiểm tra: %1</translation>
    </message>
    <message>
        <source>Dataset</source>
        <translation>Bộ dữ liệu</translation>
    </message>
    <message>
        <source>%1 tokens for training, %2 for validation, %3 documents</source>
        <translation>%1 token để huấn luyện, %2 để kiểm định, %3 văn bản</translation>
    </message>
    <message>
        <source>Run</source>
        <translation>Lần chạy</translation>
    </message>
    <message>
        <source>%1 steps of %2 tokens, %3 passes over the data</source>
        <translation>%1 bước, mỗi bước %2 token, %3 lượt qua dữ liệu</translation>
    </message>
    <message>
        <source>Memory</source>
        <translation>Bộ nhớ</translation>
    </message>
    <message>
        <source>%1: weights %2, gradients %3, optimizer %4, activations %5</source>
        <translation>%1: trọng số %2, gradient %3, bộ tối ưu %4, kích hoạt %5</translation>
    </message>
    <message>
        <source>Time</source>
        <translation>Thời gian</translation>
    </message>
    <message>
        <source>%1 s per step, %2 in all</source>
        <translation>%1 giây mỗi bước, tổng cộng %2</translation>
    </message>
    <message>
        <source>not timed: the errors below stop the run</source>
        <translation>không đo: các lỗi bên dưới chặn lần chạy</translation>
    </message>
    <message>
        <source>Disk</source>
        <translation>Đĩa</translation>
    </message>
    <message>
        <source>%1 for the checkpoints kept</source>
        <translation>%1 cho các checkpoint được giữ</translation>
    </message>
</context>
<context>
    <name>lw::ui::CheckFindings</name>
    <message>
        <source>Error:</source>
        <translation>Lỗi:</translation>
    </message>
    <message>
        <source>Warning:</source>
        <translation>Cảnh báo:</translation>
    </message>
    <message>
        <source>No problem found.</source>
        <translation>Không thấy vấn đề nào.</translation>
    </message>
</context>
<context>
    <name>lw::ui::finetune::PastFinetunesBox</name>
    <message>
        <source>on</source>
        <translation>bật</translation>
    </message>
    <message>
        <source>off</source>
        <translation>tắt</translation>
    </message>
    <message>
        <source>Learning rate: %1</source>
        <translation>Tốc độ học: %1</translation>
    </message>
    <message>
        <source>Steps: %1</source>
        <translation>Số bước: %1</translation>
    </message>
    <message>
        <source>No fine-tunes in this project yet</source>
        <translation>Dự án này chưa có lần tinh chỉnh nào</translation>
    </message>
    <message>
        <source>Fine-tunes:</source>
        <translation>Các lần tinh chỉnh:</translation>
    </message>
    <message>
        <source>Resume</source>
        <translation>Tiếp tục</translation>
    </message>
    <message>
        <source>Continue this interrupted fine-tune from its last checkpoint</source>
        <translation>Chạy tiếp lần tinh chỉnh bị gián đoạn này từ checkpoint gần nhất</translation>
    </message>
    <message>
        <source>The project&apos;s fine-tunes, newest first: pick one to see its settings, curves and answers</source>
        <translation>Các lần tinh chỉnh của dự án, mới nhất trước: chọn một lần để xem thiết lập, đường cong và câu trả lời của nó</translation>
    </message>
</context>
<context>
    <name>lw::ui::EvalTasksBox</name>
    <message>
        <source>Evaluate checkpoints: %1</source>
        <translation>Đánh giá điểm lưu: %1</translation>
    </message>
    <message>
        <source>Evaluate checkpoints</source>
        <translation>Đánh giá điểm lưu</translation>
    </message>
    <message>
        <source>One task per line, e.g. perplexity:text-file=/data/held_out.txt</source>
        <translation>Mỗi dòng một tác vụ, ví dụ perplexity:text-file=/data/held_out.txt</translation>
    </message>
    <message>
        <source>Each checkpoint is scored on these tasks as it is written; Runs and Evaluate chart the scores against the step.
perplexity:dataset=NAME or text-file=FILE, context=N, stride=S
mc:data=FILE or DATASET, layout=auto|mmlu|hellaswag|arc, shots=K, seed=S, limit=N</source>
        <translation>Mỗi điểm lưu được chấm trên các tác vụ này ngay khi được ghi; Lần chạy và Đánh giá vẽ điểm theo bước.
perplexity:dataset=TÊN hoặc text-file=TỆP, context=N, stride=S
mc:data=TỆP hoặc TẬP DỮ LIỆU, layout=auto|mmlu|hellaswag|arc, shots=K, seed=S, limit=N</translation>
    </message>
</context>
<context>
    <name>lw::ui::finetune::ClassificationCheckText</name>
    <message>
        <source>Rows</source>
        <translation>Dòng</translation>
    </message>
    <message>
        <source>%1 for training, %2 for validation, %3 for testing</source>
        <translation>%1 để huấn luyện, %2 để kiểm định, %3 để kiểm tra</translation>
    </message>
    <message>
        <source>%1: %2 + %3</source>
        <translation>%1: %2 + %3</translation>
    </message>
    <message>
        <source>%1 more</source>
        <translation>thêm %1</translation>
    </message>
    <message>
        <source>Classes (training + validation rows)</source>
        <translation>Lớp (dòng huấn luyện + kiểm định)</translation>
    </message>
    <message>
        <source>The dataset cannot be read as labelled texts: %1</source>
        <translation>Không đọc được bộ dữ liệu dưới dạng văn bản có nhãn: %1</translation>
    </message>
    <message>
        <source>No training row has the class %1: the classifier can never learn to pick it.</source>
        <translation>Không dòng huấn luyện nào có lớp %1: bộ phân loại sẽ không bao giờ học được cách chọn lớp này.</translation>
    </message>
    <message>
        <source>No validation row has the class %1: how well it is recognised is never measured.</source>
        <translation>Không dòng kiểm định nào có lớp %1: mức độ nhận ra lớp này sẽ không bao giờ được đo.</translation>
    </message>
    <message>
        <source>The classes are very imbalanced: “%1” has %2 training rows, “%3” %4; always answering “%1” would be right %5 % of the time. Balance the rows in the Data panel.</source>
        <translation>Các lớp rất lệch: “%1” có %2 dòng huấn luyện, “%3” chỉ %4; luôn trả lời “%1” đã đúng %5 % số lần. Hãy cân bằng các dòng trong bảng Dữ liệu.</translation>
    </message>
</context>
<context>
    <name>lw::ui::quantize::ImportanceFileCheck</name>
    <message>
        <source>it holds no entries.</source>
        <translation>tệp không có mục nào.</translation>
    </message>
    <message>
        <source>The importance matrix %1 cannot be used: %2</source>
        <translation>Không dùng được ma trận độ quan trọng %1: %2</translation>
    </message>
</context>
<context>
    <name>lw::ui::quantize::SavedQuantizeSetup</name>
    <message>
        <source>the Quantize panel</source>
        <translation>bảng Lượng tử hóa</translation>
    </message>
</context>
<context>
    <name>lw::ui::evaluate::EvalSubjectsView</name>
    <message>
        <source>%1 ± %2</source>
        <translation>%1 ± %2</translation>
    </message>
    <message>
        <source>Accuracy:</source>
        <translation>Độ chính xác:</translation>
    </message>
    <message>
        <source>acc: the choice with the highest log-probability; acc_norm: the highest log-probability per character of the choice.</source>
        <translation>acc: lựa chọn có log-xác suất cao nhất; acc_norm: lựa chọn có log-xác suất trên mỗi ký tự cao nhất.</translation>
    </message>
    <message>
        <source>Subject</source>
        <translation>Chủ đề</translation>
    </message>
    <message>
        <source>acc ± stderr</source>
        <translation>acc ± sai số chuẩn</translation>
    </message>
    <message>
        <source>acc_norm ± stderr</source>
        <translation>acc_norm ± sai số chuẩn</translation>
    </message>
    <message>
        <source>n</source>
        <translation>n</translation>
    </message>
    <message numerus="yes">
        <source>%1 on %2: %n subject(s).</source>
        <translation>
            <numerusform>%1 trên %2: %n chủ đề.</numerusform>
        </translation>
    </message>
    <message>
        <source>Change</source>
        <translation>Thay đổi</translation>
    </message>
    <message numerus="yes">
        <source>%n evaluation(s) of %1 side by side by subject, oldest first. Change: the newest minus the oldest; sort by it to see where a model lost ground.</source>
        <translation>
            <numerusform>%n lần đánh giá trên %1 đặt cạnh nhau theo chủ đề, cũ nhất trước. Thay đổi: mới nhất trừ cũ nhất; sắp xếp theo cột này để thấy mô hình bị giảm ở chủ đề nào.</numerusform>
        </translation>
    </message>
    <message>
        <source>Select a multiple-choice evaluation of data with subjects (MMLU-style) for its figures by subject; select several of the same data to compare them.</source>
        <translation>Chọn một lần đánh giá trắc nghiệm trên dữ liệu có chủ đề (kiểu MMLU) để xem số liệu theo chủ đề; chọn nhiều lần đánh giá cùng dữ liệu để so sánh.</translation>
    </message>
</context>
<context>
    <name>lw::ui::finetune::ClassificationResultView</name>
    <message>
        <source>no rows</source>
        <translation>không có hàng nào</translation>
    </message>
    <message numerus="yes">
        <source>%1 (%2 of %n row(s))</source>
        <translation>
            <numerusform>%1 (%2 trên %n hàng)</numerusform>
        </translation>
    </message>
    <message>
        <source>Classification: validation accuracy %1; test accuracy %2</source>
        <translation>Phân loại: độ chính xác kiểm định %1; độ chính xác kiểm tra %2</translation>
    </message>
    <message>
        <source>Validation rows: true class (rows) against the class picked (columns)</source>
        <translation>Hàng kiểm định: lớp đúng (hàng) so với lớp mô hình chọn (cột)</translation>
    </message>
    <message>
        <source>Test rows: true class (rows) against the class picked (columns)</source>
        <translation>Hàng kiểm tra: lớp đúng (hàng) so với lớp mô hình chọn (cột)</translation>
    </message>
</context>
</TS>
